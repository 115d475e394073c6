#!/usr/bin/env python3
"""Keeps the plugin's steps in line with the engine's request classes.

Reads core/src/main/java/io/mlsteps/<package>/*Request.java (field names, types, Javadoc) and rewrites:
  - the table in io.mlsteps.jenkins.engine.StepArguments (between the GENERATED markers),
  - the seven step classes in io.mlsteps.jenkins.steps,
  - their config.jelly, help.html and help-<field>.html.
Run from the repository root after a request class changed:  python3 plugin/tools/sync_steps.py
Use --ref STEP=GITREF to read a request class from a branch not merged yet (e.g. --ref checkDrift=drift).
StepViewsTest checks the result.
"""
import argparse
import html
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stepspec import COMMON, FALLBACK_FIELDS, HELP, HELP_BY_STEP, REQUIRED, STEPS  # noqa: E402

PLUGIN = "plugin"
JAVA = PLUGIN + "/src/main/java/io/mlsteps/jenkins"
RES = PLUGIN + "/src/main/resources/io/mlsteps/jenkins/steps"
SKIP = {"schemaVersion", "qualityGates", "gates"}
BOOLEAN_DEFAULTS = {}
JT = {"TEXT": "String", "INTEGER": "Integer", "NUMBER": "Double", "BOOLEAN": "boolean", "LIST": "List<String>",
      "PARAMS": "String"}


def kind_of(java_type):
    t = java_type.replace(" ", "")
    if t in ("String",):
        return "TEXT"
    if t in ("int", "Integer", "long", "Long"):
        return "INTEGER"
    if t in ("double", "Double", "float", "Float"):
        return "NUMBER"
    if t in ("boolean", "Boolean"):
        return "BOOLEAN"
    if t in ("List<String>", "Set<String>"):
        return "LIST"
    if t.startswith("Map<String,"):
        return "PARAMS"
    return None


def javadoc_html(text):
    text = re.sub(r"^\s*\*\s?", "", text, flags=re.M).strip()
    text = re.sub(r"\{@(?:code|link|linkplain)\s+#?([^}]*)\}", lambda m: "<code>" + html.escape(m.group(1)) + "</code>", text)
    return " ".join(text.split())


def request_source(step, ref):
    package = STEPS[step][1]
    folder = "core/src/main/java/io/mlsteps/" + package
    if ref:
        names = subprocess.run(["git", "ls-tree", "--name-only", ref, folder + "/"], capture_output=True, text=True).stdout.split()
        names = [n for n in names if n.endswith("Request.java")]
        if not names:
            return None
        return subprocess.run(["git", "show", ref + ":" + names[0]], capture_output=True, text=True, check=True).stdout
    if not os.path.isdir(folder):
        return None
    names = sorted(n for n in os.listdir(folder) if n.endswith("Request.java"))
    return open(os.path.join(folder, names[0])).read() if names else None


FIELD = re.compile(r"^    (?:public|private|protected)\s+(?!static)(?:final\s+)?([\w<>, ?]+?)\s+(\w+)\s*(=[^;]*)?;", re.M)


def fields_of(step, source):
    found = []
    for m in FIELD.finditer(source):
        java_type, name, init = m.group(1), m.group(2), (m.group(3) or "").lstrip("= ").strip()
        if name in SKIP:
            continue
        kind = kind_of(java_type)
        if kind is None:
            print("  %s: skipping %s %s (no Jenkinsfile form)" % (step, java_type, name))
            continue
        before = source[:m.start()]
        doc = re.search(r"/\*\*((?:(?!\*/).)*)\*/\s*(?:@[\w.]+(?:\([^)]*\))?\s*)*$", before, re.S)
        text = javadoc_html(doc.group(1)) if doc else None
        if not text:
            acc = re.search(r"/\*\*((?:(?!\*/).)*)\*/\s*(?:@[\w.]+(?:\([^)]*\))?\s*)*public [\w<>, ?]+ (?:get|is|set)"
                            + name[0].upper() + name[1:] + r"\(", source, re.S)
            text = javadoc_html(acc.group(1)) if acc else HELP_BY_STEP.get(step, {}).get(name) or HELP.get(name)
            if not text:
                print("  %s: no help for %s" % (step, name))
                text = "See the step's reference page (docs/steps/%s.md)." % step
        if kind == "BOOLEAN":
            # A checkbox always submits true or false, so the step holds a boolean with the engine's default.
            BOOLEAN_DEFAULTS[(step, name)] = init == "true"
        found.append((name, kind, text))
    return found


def cap(s):
    return s[0].upper() + s[1:]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def step_class(step, cls, desc, args):
    required = REQUIRED[step]
    req = [next(a for a in args if a[0] == n) for n in required]
    uses_list = any(k == "LIST" for _, k, _ in args)
    out = ["package io.mlsteps.jenkins.steps;", "", "import hudson.Extension;"]
    if uses_list:
        out += ["import java.util.List;"]
    out += ["import org.kohsuke.stapler.DataBoundConstructor;", "import org.kohsuke.stapler.DataBoundSetter;", "",
            "/**", " * {@code %s}: %s" % (step, desc),
            " * Written by plugin/tools/sync_steps.py from the engine's request class; arguments and their request",
            " * names: {@link io.mlsteps.jenkins.engine.StepArguments}.", " */",
            "public class %s extends MlStep {" % cls,
            "    public static final String FUNCTION_NAME = \"%s\";" % step, ""]
    for n, k, _ in args:
        init = " = true" if k == "BOOLEAN" and BOOLEAN_DEFAULTS.get((step, n)) else ""
        out.append("    private %s%s %s%s;" % ("final " if n in required else "", JT[k], n, init))
    out += ["", "    @DataBoundConstructor",
            "    public %s(%s) {" % (cls, ", ".join("%s %s" % (JT[k], n) for n, k, _ in req))]
    for n, _, _ in req:
        out.append("        this.%s = %s;" % (n, n))
    out += ["    }", "", "    @Override", "    public String getFunctionName() {", "        return FUNCTION_NAME;", "    }", ""]
    for n, k, _ in args:
        out += ["    public %s get%s() {" % (JT[k], cap(n)), "        return %s;" % n, "    }", ""]
        if n in required:
            continue
        out.append("    @DataBoundSetter")
        if k == "LIST":
            out += ["    public void set%s(List<String> %s) {" % (cap(n), n),
                    "        this.%s = list(%s);" % (n, n), "    }", ""]
        elif k in ("TEXT", "PARAMS"):
            out += ["    public void set%s(String %s) {" % (cap(n), n),
                    "        this.%s = text(%s);" % (n, n), "    }", ""]
        else:
            out += ["    public void set%s(%s %s) {" % (cap(n), JT[k], n), "        this.%s = %s;" % (n, n), "    }", ""]
    out += ["    @Extension", "    public static class DescriptorImpl extends MlStepDescriptor {",
            "        @Override", "        public String getFunctionName() {", "            return FUNCTION_NAME;", "        }", "",
            "        @Override", "        public String getDisplayName() {", "            return \"%s\";" % STEPS[step][2], "        }",
            "    }", "}", ""]
    return "\n".join(out)


def views(step, cls, desc, args):
    d = os.path.join(RES, cls)
    if os.path.isdir(d):
        for f in os.listdir(d):
            if f.startswith("help") or f == "config.jelly":
                os.remove(os.path.join(d, f))
    j = ["<?jelly escape-by-default='true'?>", '<j:jelly xmlns:j="jelly:core" xmlns:f="/lib/form">']
    advanced = []
    for n, k, _ in args:
        if k == "LIST":
            continue  # a list is written in the Jenkinsfile, e.g. ['a', 'b']; a form cannot bind it
        if k == "BOOLEAN":
            control = 'checkbox default="%s"' % ("true" if BOOLEAN_DEFAULTS.get((step, n)) else "false")
        else:
            control = "textbox"
        entry = '  <f:entry field="%s" title="%s">\n    <f:%s/>\n  </f:entry>' % (n, n, control)
        (j if n in REQUIRED[step] else advanced).append(entry)
    j.append('  <f:entry field="qualityGates" title="qualityGates">\n    <f:repeatableProperty field="qualityGates" add="Add quality gate"/>\n  </f:entry>')
    j.append("  <f:advanced>")
    j += ["  " + line for e in advanced for line in e.split("\n")]
    j.append('    <f:entry field="failOnError" title="failOnError">\n      <f:checkbox default="true"/>\n    </f:entry>')
    j.append('    <f:entry field="runDir" title="runDir">\n      <f:textbox default=".mlsteps"/>\n    </f:entry>')
    j.append('    <f:entry field="jvmOptions" title="jvmOptions">\n      <f:textbox/>\n    </f:entry>')
    j += ["  </f:advanced>", "</j:jelly>", ""]
    write(os.path.join(d, "config.jelly"), "\n".join(j))
    lists = [n for n, k, _ in args if k == "LIST"]
    extra = "" if not lists else "\n  <p>List arguments (%s) are written in the Jenkinsfile, e.g. <code>%s: ['a', 'b']</code>.</p>" % (
        ", ".join("<code>%s</code>" % n for n in lists), lists[0])
    write(os.path.join(d, "help.html"), "<div>\n  <p>%s</p>\n  <p>The step runs the mlsteps engine in its own JVM on the agent"
          " and returns a map: <code>status</code>, <code>passed</code>, <code>metrics</code>, <code>gates</code>,"
          " <code>report</code> and the step's details.</p>%s\n</div>\n" % (desc, extra))
    for n, _, text in args:
        write(os.path.join(d, "help-%s.html" % n), "<div>\n  %s%s\n</div>\n" % (text, " <strong>Required.</strong>" if n in REQUIRED[step] and "Required" not in text else ""))
    for n, text in COMMON:
        write(os.path.join(d, "help-%s.html" % n), "<div>\n  %s\n</div>\n" % text)


def table(all_args):
    lines = ["        // BEGIN GENERATED TABLE (plugin/tools/sync_steps.py)"]
    for step, args in all_args.items():
        parts = ['        step("%s"' % step]
        for n, k, _ in args:
            parts.append('                %s("%s", Kind.%s)' % ("req" if n in REQUIRED[step] else "opt", n, k))
        lines.append(",\n".join(parts) + ");")
    lines.append("        // END GENERATED TABLE")
    path = JAVA + "/engine/StepArguments.java"
    text = open(path).read()
    text = re.sub(r"        // BEGIN GENERATED TABLE.*?// END GENERATED TABLE", "\n".join(lines), text, flags=re.S)
    write(path, text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ref", action="append", default=[], help="STEP=GITREF")
    refs = dict(r.split("=", 1) for r in parser.parse_args().ref)
    all_args = {}
    for step, (cls, _, _, desc) in STEPS.items():
        source = request_source(step, refs.get(step))
        if source is None:
            print("%s: no request class yet; using the fallback list" % step)
            args = FALLBACK_FIELDS[step]
        else:
            args = fields_of(step, source)
        names = [a[0] for a in args]
        missing = [n for n in REQUIRED[step] if n not in names]
        if missing:
            sys.exit("%s: required arguments %s are not fields of the request" % (step, missing))
        all_args[step] = args
        write(os.path.join(JAVA, "steps", cls + ".java"), step_class(step, cls, desc, args))
        views(step, cls, desc, args)
        print("%s: %d arguments" % (step, len(args)))
    table(all_args)


if __name__ == "__main__":
    main()
