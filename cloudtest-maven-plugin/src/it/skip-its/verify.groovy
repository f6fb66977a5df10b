def log = new File(basedir, 'build.log').text

assert log.contains('cloudtest: provision skipped because skipITs is set')
assert log.contains('cloudtest: nothing to tear down: provision did not run in this build')
assert !log.contains('started moto server') : 'an emulator was started although the ITs are skipped'
assert !new File(basedir, 'target/cloudtest').exists()
true
