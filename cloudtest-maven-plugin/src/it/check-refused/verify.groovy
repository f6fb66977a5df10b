def log = new File(basedir, 'build.log').text

assert log.contains('cloudtest: check failed, nothing was created:')
assert log =~ /violation \[region\]: .*us-east-1.*cloudtest\.guard\.allowed-regions/
assert !log.contains('the target is usable')
assert !log.contains('creating (')
true
