def log = new File(basedir, 'build.log').text

assert log.contains('cloudtest refused to use the target, nothing was created: [guard region]')
assert log.contains('us-east-1')
assert log.contains('cloudtest.guard.allowed-regions is set by -Dcloudtest.guard.allowed-regions.')
assert !log.contains('the target is usable')
true
