"""cloudtest's template-tool helper: one process per test JVM, so that cfn-lint and the SAM translator are imported
once and each template costs a request, not a process start.

Protocol: one JSON object per line on stdin, one answer per line on stdout, in order. The helper exits when stdin
closes (the JVM ended, however it ended). Everything the tools print goes to stderr, never into the protocol.
"""
import json
import sys
import time
import traceback

PROTOCOL = sys.stdout
sys.stdout = sys.stderr


def versions():
    from importlib.metadata import version, PackageNotFoundError
    found = {}
    for name in ("moto", "cfn-lint", "aws-sam-translator"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            pass
    return found


def ping(_request):
    import cfnlint.api  # noqa: F401 (imported to be warm)
    import cfnlint.runner  # noqa: F401
    return {"versions": versions()}


def lint(request):
    from cfnlint.config import ConfigMixIn
    from cfnlint.runner import Runner

    args = []
    if request.get("config_file"):
        args += ["--config-file", request["config_file"]]
    for region in request.get("regions") or []:
        args += ["--regions", region]
    args += ["--", request["template"]]
    config = ConfigMixIn(cli_args=args)
    matches = []
    for match in Runner(config).run():
        matches.append({
            "rule": match.rule.id,
            "severity": match.rule.severity,
            "message": match.message,
            "line": match.linenumber,
            "column": match.columnnumber,
            "path": [str(p) for p in (match.path or [])],
        })
    return {"matches": matches}


def moto_types(_request):
    from moto.cloudformation.parsing import get_model_map
    return {"types": sorted(t for t in get_model_map() if t.startswith("AWS::"))}


OPERATIONS = {"ping": ping, "lint": lint, "moto-types": moto_types}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        started = time.time()
        request = {}
        try:
            request = json.loads(line)
            answer = OPERATIONS[request["op"]](request)
            answer["ok"] = True
        except Exception as error:  # every failure is an answer, never a dead helper
            answer = {"ok": False, "error": "%s: %s" % (type(error).__name__, error),
                      "trace": traceback.format_exc()}
        answer["id"] = request.get("id")
        answer["millis"] = int((time.time() - started) * 1000)
        PROTOCOL.write(json.dumps(answer) + "\n")
        PROTOCOL.flush()


if __name__ == "__main__":
    main()
