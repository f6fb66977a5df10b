def log = new File(basedir, 'build.log').text

assert log.contains('cloudtest: the target is usable and every guard accepts it: emulator target, account 123456789012, region us-east-1')
assert !log.contains('creating (') : 'check created a stack'
assert !log.contains('cloudtest: stack ')
true
