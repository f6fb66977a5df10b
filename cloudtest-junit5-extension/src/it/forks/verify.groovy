import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 4, Failures: 0, Errors: 0, Skipped: 0') : 'not every class ran and passed'
assert !log.contains('already exists') : 'forks collided on a stack name'
def created = (log =~ /cloudtest: (ct-queue-777-1-[a-z0-9]+): creating/).collect { it[1] } as Set
def deleted = (log =~ /cloudtest: (ct-queue-777-1-[a-z0-9]+): deleted in/).collect { it[1] } as Set
assert created.size() == 4 : "expected 4 stacks of run 777-1, one per class, got ${created}"
assert deleted == created : "not every stack was deleted: created ${created}, deleted ${deleted}"

// An independent listing of the emulator the forks used: none of the run's stacks is left.
def endpoint = (log =~ /endpoint target, account \d+, region [a-z0-9-]+, endpoint (http:\/\/127\.0\.0\.1:\d+)/)
if (endpoint.find()) {
    def request = HttpRequest.newBuilder(URI.create(endpoint.group(1) + '/'))
            .header('Content-Type', 'application/x-www-form-urlencoded')
            .header('Authorization', 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/cloudformation/aws4_request, SignedHeaders=host, Signature=0')
            .POST(HttpRequest.BodyPublishers.ofString('Action=ListStacks&Version=2010-05-15'))
            .build()
    def body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body()
    def members = (body =~ /(?s)<member>(.*?)<\/member>/).collect { it[1] }
    // This build's own stacks, by name: a twin build of the same CI run may still be running with its own.
    def left = members.findAll { m ->
        def name = (m =~ /<StackName>([^<]*)<\/StackName>/)
        def status = (m =~ /<StackStatus>([^<]*)<\/StackStatus>/)
        name.find() && status.find() && created.contains(name.group(1)) && status.group(1) != 'DELETE_COMPLETE'
    }
    assert body.contains('ListStacksResult') : "unexpected answer to ListStacks: ${body.take(300)}"
    assert left.isEmpty() : "stacks left: ${left}"
} else {
    // Each fork started an emulator of its own (no -Dcloudtest.endpoint); it ended with the fork.
    assert log.contains('started moto server')
}
