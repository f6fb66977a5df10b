def log = new File(basedir, 'build.log').text

assert log.contains('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0') : 'the two classes did not both pass'
def created = (log =~ /cloudtest: (ct-orders-stack-[a-z0-9-]+): creating/).collect { it[1] }
assert created.size() == 1 : "expected the one stack provision created, got ${created}"
def attached = (log =~ /attaching to (ct-orders-stack-[a-z0-9-]+), which this build's provision goal created/).collect { it[1] }
assert attached.size() == 2 : "expected both forks to attach to the handed-over stack (same fingerprint), got ${attached}"
assert attached.every { it == created[0] }
assert log.contains('cloudtest: teardown of run ') && log.contains(': 1 stack(s) deleted, nothing left behind.')

// Every JVM synthesised the app into a directory of its own: the Maven JVM (alive throughout) and the forks.
def synthesised = new File(basedir, 'target/cloudtest/cdk.out/it.OrdersApp').listFiles().findAll { it.isDirectory() }
assert synthesised.size() >= 2 : "expected a synthesis directory per JVM (a fork that ended before another synthesised has had its removed), got ${synthesised*.name}"
true
