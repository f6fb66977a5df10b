import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def dir = new File(basedir, 'target/cloudtest')
def stack = new JsonSlurper().parse(new File(dir, 'queue.json'))

assert log.contains('Tests run: 1, Failures: 1, Errors: 0') : 'the journey test did not fail as planned'
def teardown = log.indexOf(':teardown (default)')
assert teardown > log.indexOf('Tests run: 1, Failures: 1') : 'teardown did not run after the failed test'
assert log =~ /cloudtest: ct-queue-\S+: deleted in/ : 'core did not report the deletion'
assert log.contains('cloudtest: teardown of run ' + stack.runId + ': 1 stack(s) deleted, nothing left behind; '
        + 'the integration tests failed, failsafe\'s verify reports them.')
def verify = log.indexOf(':verify (default)')
assert verify > teardown : 'failsafe verify did not run after teardown'
assert log.indexOf('There are test failures') > verify : 'the build did not fail at failsafe verify'

def reports = dir.listFiles().findAll { it.name ==~ /run-.*\.json/ }
assert reports.size() == 1 : "expected one run report, found ${reports*.name}"
def report = new JsonSlurper().parse(reports[0])
assert report.leftovers == []
assert report.stacks*.outcome == ['deleted']
true
