def log = new File(basedir, 'build.log').text

assert log.contains('The CDK app it.BundledApp needs Docker to synthesise') : 'the bundling failure was not named'
assert log.contains('Nothing was created.')
assert log.contains('give its path to Code.fromAsset')
assert log.contains('/nonexistent/docker') : 'the CDK output naming the missing Docker is not quoted'
// Refused while reading the configuration: no run started, no stack was created.
assert !(log =~ /cloudtest: ct-[a-z0-9-]+: creating/)
assert !log.contains('cloudtest: teardown of run ')
true
