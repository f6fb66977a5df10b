import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def dir = new File(basedir, 'target/cloudtest')
def stack = new JsonSlurper().parse(new File(dir, 'queue.json'))
def second = new JsonSlurper().parse(new File(dir, 'dead-letters.json'))

// One run for both executions: at most one emulator started (none with -Dcloudtest.endpoint), one run id.
assert (log =~ /cloudtest: started moto server/).size() <= 1 : 'the two provision executions did not share one run'
assert log =~ /cloudtest: stack hp-queue-\S+ is up \(queue\), outputs \[/ : 'provision did not report the stack'
assert log =~ /cloudtest: stack hp-dead-letters-\S+ is up \(dead-letters\)/
assert log.contains('Tests run: 3, Failures: 0, Errors: 0') : 'the journey tests did not all pass'
assert log =~ /cloudtest: hp-queue-\S+: deleted in/ : 'core did not report the deletion'
assert log =~ /cloudtest: hp-dead-letters-\S+: deleted in/
assert log.contains('cloudtest: teardown of run ' + stack.runId + ': 2 stack(s) deleted, nothing left behind.')
assert log.indexOf('Tests run: 3') < log.indexOf(':teardown (teardown)') : 'teardown ran before the tests'

assert stack.id == 'queue'
assert stack.stackName.startsWith('hp-queue-')
assert stack.stackId.startsWith('arn:aws:cloudformation:us-east-1:123456789012:stack/')
assert stack.region == 'us-east-1'
assert stack.account == '123456789012'
assert stack.endpoint.startsWith('http://127.0.0.1:')
assert stack.outputs.QueueUrl.contains('hp-queue-')
assert stack.resourceTypes.Queue == 'AWS::SQS::Queue'
assert stack.physicalIds.Queue == stack.outputs.QueueUrl
assert second.runId == stack.runId && second.endpoint == stack.endpoint

def props = new Properties()
new File(dir, 'queue.properties').withInputStream { props.load(it) }
assert props.getProperty('cloudtest.queue.output.QueueUrl') == stack.outputs.QueueUrl
assert props.getProperty('cloudtest.queue.stack-name') == stack.stackName
assert props.getProperty('cloudtest.endpoint') == stack.endpoint

def reports = dir.listFiles().findAll { it.name ==~ /run-.*\.json/ }
assert reports.size() == 1 : "expected one run report, found ${reports*.name}"
def report = new JsonSlurper().parse(reports[0])
assert report.leftovers == []
assert report.stacks*.outcome == ['deleted', 'deleted']
true
