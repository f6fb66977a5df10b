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
    import samtranslator.translator.translator  # noqa: F401
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


MANAGED_POLICIES = {}


def managed_policies(endpoint, region):
    """AWS managed policy names to ARNs, as the target lists them (moto ships AWS's list)."""
    if endpoint not in MANAGED_POLICIES:
        import boto3
        iam = boto3.client("iam", endpoint_url=endpoint, region_name=region,
                           aws_access_key_id="test", aws_secret_access_key="test")
        names = {}
        for page in iam.get_paginator("list_policies").paginate(Scope="AWS"):
            for policy in page["Policies"]:
                names[policy["PolicyName"]] = policy["Arn"]
        MANAGED_POLICIES[endpoint] = names
    return MANAGED_POLICIES[endpoint]


def translate(request):
    """Expands AWS::Serverless-2016-10-31 with the reference translator (the one SAM CLI uses)."""
    import boto3
    from samtranslator.model.exceptions import InvalidDocumentException, InvalidResourceException
    from samtranslator.parser.parser import Parser
    from samtranslator.translator.translator import Translator

    region = request["region"]
    parameters = dict(request.get("parameters") or {})
    parameters.setdefault("AWS::AccountId", request.get("account", "123456789012"))
    endpoint = request.get("endpoint")
    translator = Translator(managed_policy_map=None, sam_parser=Parser(),
                            boto_session=boto3.session.Session(region_name=region))
    try:
        expanded = translator.translate(
            sam_template=request["template"], parameter_values=parameters,
            get_managed_policy_map=(lambda: managed_policies(endpoint, region)) if endpoint else (lambda: {}))
    except InvalidDocumentException as error:
        return {"errors": [str(cause.message) for cause in error.causes]}
    except InvalidResourceException as error:
        return {"errors": [str(error.message)]}
    return {"template": expanded}


OPERATIONS = {"ping": ping, "lint": lint, "moto-types": moto_types, "translate": translate}


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
