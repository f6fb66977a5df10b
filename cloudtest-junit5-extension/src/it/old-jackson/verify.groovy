def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 1, Failures: 0, Errors: 1') || log.contains('Tests run: 1, Failures: 1') : 'the class did not fail'
assert log.contains('ConfigurationException: cloudtest cannot use the Jackson on this classpath') : 'not cloudtest saying what to do'
assert !(log =~ /(?m)^java\.lang\.NoClassDefFoundError/) : 'the failure is a bare NoClassDefFoundError'
assert !log.contains('ConditionEvaluationException') : 'the refusal is wrapped in a JUnit condition error'
assert log.contains('jackson-annotations 2.19.2') : 'the message does not name the jackson-annotations found'
assert log.contains('jackson-databind 2.23') : 'the message does not name the jackson-databind found'
assert log.contains('jackson-bom') : 'the message does not say how to align the versions'
assert !(log =~ /cloudtest: ct-[a-z0-9-]+: creating/) : 'a stack was created before the refusal'
