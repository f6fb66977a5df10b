def log = new File(basedir, 'build.log').text

def dryRun = log.indexOf('cloudtest sweep (dry run): 1 expired resource(s) would be deleted')
def confirmed = log.indexOf('cloudtest sweep: deleted 1 of 1 expired resource(s)')
assert dryRun >= 0 : 'the dry run did not list the expired stack'
assert log =~ /would delete .*ct-leaked-/
assert log.contains('dry run, nothing deleted')
assert confirmed > dryRun : 'the confirmed sweep did not delete the stack after the dry run'
assert log =~ /  deleted .*ct-leaked-/
assert log.contains('BUILD SUCCESS')
true
