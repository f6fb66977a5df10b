def log = new File(basedir, 'build.log').text

// emulator target by default; endpoint target when the outer build forwards -Dcloudtest.endpoint
assert log =~ /cloudtest check passed: (emulator|endpoint) target, account 123456789012, region us-east-1/
assert log =~ /  stack ct-queue-[a-z0-9-]+ from /
assert log.contains('cloudtest: the target is usable and every guard accepts it; the template is valid.')
assert !log.contains('creating (') : 'check created a stack'
true
