def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0') : 'the journey tests did not run and pass'
assert !log.contains('NoSuchMethodError') && !log.contains('NoClassDefFoundError')
// No SLF4J provider in this project: cloudtest's own lines still reach the console.
assert log.contains('No SLF4J providers were found')
assert log =~ /cloudtest: ct-queue-[a-z0-9-]+: creating \(1 resources\)/ : 'no progress line on the console'
assert log =~ /cloudtest: ct-queue-[a-z0-9-]+: deleted in/ : 'no teardown line on the console'
assert log.contains('leftovers: none')
