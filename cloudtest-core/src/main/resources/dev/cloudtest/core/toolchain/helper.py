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


LANGUAGE_EXTENSIONS = "AWS::LanguageExtensions"
# Functions only the transform knows: CloudFormation (moto) cannot resolve what the transform leaves of them.
TRANSFORM_FUNCTIONS = ("Fn::Length", "Fn::ToJsonString")


def language_extensions(request):
    """Applies AWS::LanguageExtensions with SAM CLI's processor (its port of CloudFormation's transform).

    Fn::ForEach is expanded; Fn::Length, Fn::ToJsonString and Fn::FindInMap with a DefaultValue are resolved from
    what is known before the stack exists (parameters, pseudo parameters, mappings, literals), and any of them that
    needs more (a resource's attribute) is an error naming where it is; an intrinsic DeletionPolicy or
    UpdateReplacePolicy is resolved. Every other intrinsic function is left as written, for CloudFormation to resolve
    when it creates the stack: the processor's own resolution of those would turn a Fn::Sub that names a resource
    into a plain string.
    """
    from samcli.lib.cfn_language_extensions.api import create_default_intrinsic_resolver
    from samcli.lib.cfn_language_extensions.exceptions import InvalidTemplateException
    from samcli.lib.cfn_language_extensions.models import (PseudoParameterValues, ResolutionMode,
                                                           TemplateProcessingContext)
    from samcli.lib.cfn_language_extensions.pipeline import ProcessingPipeline
    from samcli.lib.cfn_language_extensions.processors import (DeletionPolicyProcessor, ForEachProcessor,
                                                               TemplateParsingProcessor, UpdateReplacePolicyProcessor)

    context = TemplateProcessingContext(
        fragment=request["template"],
        parameter_values=dict(request.get("parameters") or {}),
        pseudo_parameters=PseudoParameterValues(region=request["region"],
                                                account_id=request.get("account", "123456789012")),
        resolution_mode=ResolutionMode.PARTIAL)
    resolver = create_default_intrinsic_resolver(context)
    errors = []
    try:
        ProcessingPipeline([TemplateParsingProcessor(), ForEachProcessor(intrinsic_resolver=resolver)]) \
            .process_template(context)
        context.resolution_mode = ResolutionMode.FULL
        for section in ("Resources", "Outputs", "Conditions"):
            if section in context.fragment:
                context.fragment[section] = _transform_functions(context.fragment[section], resolver, section, errors)
        context.resolution_mode = ResolutionMode.PARTIAL
        ProcessingPipeline([DeletionPolicyProcessor(), UpdateReplacePolicyProcessor()]).process_template(context)
    except InvalidTemplateException as error:
        errors.append(str(error))
    if errors:
        return {"errors": errors}
    template = context.fragment
    transforms = template.get("Transform")
    if isinstance(transforms, list):
        rest = [t for t in transforms if t != LANGUAGE_EXTENSIONS]
        if rest:
            template["Transform"] = rest if len(rest) > 1 else rest[0]
        else:
            del template["Transform"]
    elif transforms == LANGUAGE_EXTENSIONS:
        del template["Transform"]
    return {"template": template}


def _transform_functions(node, resolver, path, errors):
    """The node with each transform-only function resolved in full; what cannot be is added to errors."""
    if isinstance(node, dict):
        if len(node) == 1:
            (name, argument), = node.items()
            if name == "Fn::Sub" and isinstance(argument, str) and "${" not in argument:
                # A loop's identifier substituted away ({"Fn::GetAtt": [{"Fn::Sub": "Queue${Name}"}, "Arn"]}): the
                # string itself, as CloudFormation reads it, and as the logical id GetAtt and Ref must be.
                return argument
            with_default = (name == "Fn::FindInMap" and isinstance(argument, list) and len(argument) == 4)
            if name in TRANSFORM_FUNCTIONS or with_default:
                try:
                    # The argument first: what is left of it unresolved would end up inside a JSON string or a count.
                    left = _intrinsic_in(resolver.resolve_value(argument))
                    if left is None:
                        resolved = resolver.resolve_value(node)
                        left = _intrinsic_in(resolved)
                        if left is None:
                            return resolved
                    errors.append("%s at %s cannot be resolved before the stack exists (%s is left)" % (
                        name, path, left))
                except Exception as error:  # the processor's errors name no location: add it
                    errors.append("%s at %s cannot be resolved before the stack exists (%s)" % (name, path, error))
                return node
        return {k: _transform_functions(v, resolver, "%s/%s" % (path, k), errors) for k, v in node.items()}
    if isinstance(node, list):
        return [_transform_functions(v, resolver, "%s/%d" % (path, i), errors) for i, v in enumerate(node)]
    return node


def _intrinsic_in(node):
    """The first intrinsic function (its name) in the node, or None."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref" or key.startswith("Fn::"):
                return key
            found = _intrinsic_in(value)
            if found:
                return found
    if isinstance(node, list):
        for value in node:
            found = _intrinsic_in(value)
            if found:
                return found
    return None


OPERATIONS = {"ping": ping, "lint": lint, "moto-types": moto_types, "translate": translate,
              "language-extensions": language_extensions}


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
