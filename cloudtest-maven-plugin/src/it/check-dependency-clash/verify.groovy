def log = new File(basedir, 'build.log').text

assert log.contains('cloudtest: dependency clash: the project pins AWS SDK for Java v2 2.17.107')
assert log.contains('import software.amazon.awssdk:bom:')
assert log.contains("cloudtest: check failed, nothing was created; the build's dependencies clash with cloudtest's")
assert !log.contains('creating (')
true
