import os, sys
sys.path.insert(0, "tools")
from stepspec import STEPS, COMMON
JT = {"TEXT": "String", "INTEGER": "Integer", "NUMBER": "Double", "BOOLEAN": "Boolean", "LIST": "List<String>", "PARAMS": "String"}
base = "src/main/java/io/mlsteps/jenkins/steps"
res = "src/main/resources/io/mlsteps/jenkins/steps"
def cap(s): return s[0].upper() + s[1:]
for fn, (cls, display, desc, args) in STEPS.items():
    req = [a for a in args if a[2]]
    opt = [a for a in args if not a[2]]
    uses_list = any(a[1] == "LIST" for a in args)
    L = []
    L.append("package io.mlsteps.jenkins.steps;\n")
    L.append("import hudson.Extension;")
    if uses_list:
        L.append("import java.util.ArrayList;")
        L.append("import java.util.List;")
    L.append("import org.kohsuke.stapler.DataBoundConstructor;")
    L.append("import org.kohsuke.stapler.DataBoundSetter;\n")
    L.append("/**\n * {@code %s}: %s\n * Arguments and their request names: {@link io.mlsteps.jenkins.engine.StepArguments}.\n */" % (fn, desc))
    L.append("public class %s extends MlStep {" % cls)
    L.append("    public static final String FUNCTION_NAME = \"%s\";\n" % fn)
    for n, k, r, h in args:
        t = JT[k]
        L.append("    private %s%s %s;" % ("final " if r else "", t, n))
    L.append("")
    L.append("    @DataBoundConstructor")
    L.append("    public %s(%s) {" % (cls, ", ".join("%s %s" % (JT[k], n) for n, k, r, h in req)))
    for n, k, r, h in req:
        L.append("        this.%s = %s;" % (n, n))
    L.append("    }\n")
    L.append("    @Override\n    public String getFunctionName() {\n        return FUNCTION_NAME;\n    }\n")
    for n, k, r, h in args:
        t = JT[k]
        L.append("    public %s get%s() {\n        return %s;\n    }\n" % (t, cap(n), n))
        if not r:
            L.append("    @DataBoundSetter")
            if k == "LIST":
                L.append("    public void set%s(List<String> %s) {\n        this.%s = %s == null || %s.isEmpty() ? null : new ArrayList<>(%s);\n    }\n" % (cap(n), n, n, n, n, n))
            elif k in ("TEXT", "PARAMS"):
                L.append("    public void set%s(String %s) {\n        this.%s = %s == null || %s.isBlank() ? null : %s.trim();\n    }\n" % (cap(n), n, n, n, n, n))
            else:
                L.append("    public void set%s(%s %s) {\n        this.%s = %s;\n    }\n" % (cap(n), t, n, n, n))
    L.append("    @Extension")
    L.append("    public static class DescriptorImpl extends MlStepDescriptor {")
    L.append("        @Override\n        public String getFunctionName() {\n            return FUNCTION_NAME;\n        }\n")
    L.append("        @Override\n        public String getDisplayName() {\n            return \"%s\";\n        }\n    }\n}" % display)
    open(os.path.join(base, cls + ".java"), "w").write("\n".join(L) + "\n")
    # views
    d = os.path.join(res, cls)
    os.makedirs(d, exist_ok=True)
    J = ["<?jelly escape-by-default='true'?>", '<j:jelly xmlns:j="jelly:core" xmlns:f="/lib/form">']
    for n, k, r, h in args:
        title = n
        if k == "BOOLEAN":
            J.append('  <f:entry field="%s" title="%s">\n    <f:checkbox/>\n  </f:entry>' % (n, title))
        elif k == "LIST":
            continue  # a list of strings is written in the Jenkinsfile, e.g. ['sex', 'race']; a form cannot bind it
        else:
            J.append('  <f:entry field="%s" title="%s">\n    <f:textbox/>\n  </f:entry>' % (n, title))
    J.append('  <f:entry field="qualityGates" title="qualityGates">\n    <f:repeatableProperty field="qualityGates" add="Add quality gate"/>\n  </f:entry>')
    J.append('  <f:advanced>')
    J.append('    <f:entry field="failOnError" title="failOnError">\n      <f:checkbox default="true"/>\n    </f:entry>')
    J.append('    <f:entry field="runDir" title="runDir">\n      <f:textbox default=".mlsteps"/>\n    </f:entry>')
    J.append('    <f:entry field="javaOptions" title="javaOptions">\n      <f:textbox/>\n    </f:entry>')
    J.append('  </f:advanced>')
    J.append('</j:jelly>')
    open(os.path.join(d, "config.jelly"), "w").write("\n".join(J) + "\n")
    lists = [n for n, k, r, h in args if k == "LIST"]
    extra = "" if not lists else "\n  <p>List arguments (%s) are written in the Jenkinsfile, e.g. <code>%s: ['a', 'b']</code>.</p>" % (", ".join("<code>%s</code>" % n for n in lists), lists[0])
    open(os.path.join(d, "help.html"), "w").write("<div>\n  <p>%s</p>\n  <p>The step runs the mlsteps engine in its own JVM on the agent and returns a map: <code>status</code>, <code>passed</code>, <code>metrics</code>, <code>gates</code>, <code>report</code> and the step's details.</p>%s\n</div>\n" % (desc, extra))
    for n, k, r, h in args:
        req_txt = " <strong>Required.</strong>" if r else ""
        open(os.path.join(d, "help-%s.html" % n), "w").write("<div>\n  %s%s\n</div>\n" % (h, req_txt))
    for n, h in COMMON:
        open(os.path.join(d, "help-%s.html" % n), "w").write("<div>\n  %s\n</div>\n" % h)
print("ok")
