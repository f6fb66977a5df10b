def log = new File(basedir, 'build.log').text

// emulator target by default; endpoint target when the outer build forwards -Dcloudtest.endpoint
assert log =~ /cloudtest: the target is usable and every guard accepts it: (emulator|endpoint) target, account 123456789012, region us-east-1/
assert !log.contains('creating (') : 'check created a stack'
assert !log.contains('cloudtest: stack ')
true
