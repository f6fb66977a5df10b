def log = new File(basedir, 'build.log').text

assert log.contains('[guard account]') : 'the account guard did not refuse'
assert log.contains('123456789012')
assert log.contains('cloudtest refused to use the target, nothing was created')
assert log.contains('is set by -Dcloudtest.guard.blocked-accounts') : 'the message does not say where the guard setting comes from'
assert !log.contains('creating (') : 'a stack was created despite the guard'
assert !new File(basedir, 'target/cloudtest/queue.json').exists()
assert !log.contains(':teardown (default)') : 'the build went on after the guard refused'
assert !log.contains('Tests run:') : 'tests ran after the guard refused'
assert !log.contains('Caused by:') : 'the stack trace belongs in -e / -X output only'
true
