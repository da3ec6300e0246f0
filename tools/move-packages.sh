#!/usr/bin/env bash
# Moves mesh-upgrade-core's types out of the flat io.meshupgrade package into navigable packages (issue #9) and
# rewrites every reference in every module. Re-runnable and idempotent: run it from the repository root on any
# version of the tree (before or after a previous run, after merges); a second run changes nothing.
# Usage: tools/move-packages.sh [--markdown]   (--markdown also rewrites io.meshupgrade.X names in *.md files
#        other than CHANGELOG.md). See tools/move-packages.md.
# Exit status: 0 = done, every root-package type mapped; 3 = done, but unmapped types are left in io.meshupgrade
# (extend MAPPING below and run again); 1 = error (conflict, not the repository root, ...).
set -euo pipefail

# ---------------------------------------------------------------------------------------------------------------
# MAPPING: simple type name -> target package (suffix after io.meshupgrade; "." = the root package itself).
# A type comes from io.meshupgrade unless written "Type@origin" (origin as a suffix, e.g. Foo@internal).
# "!" after the package = make the top-level class package-private (an implementation detail of that package).
# Main and test types alike (test classes that need package-private access go where their subject goes).
# ---------------------------------------------------------------------------------------------------------------
MAPPING='
# facade (nothing in core depends on it)
MeshUpgrader                  .
FilePlanStore                 .
# test-only, stays in the root package
ArchitectureTest              .
FilePlanStoreTest             .
Fixtures                      .
PropertyCases                 .

# options: what the caller passes in
UpgradeOptions                options
RestartOptions                options
HealthFailurePolicy           options
UpgradeOptionsTest            options
RestartOptionsOrderTest       options

# report: what the upgrader hands back
UpgradeReport                 report
RollOverReport                report
RestartReport                 report
UpgradePreview                report
SortedMaps                    report!

# model: values describing the mesh, the cluster and its workloads (depends on nothing else of ours)
Revision                      model
KubernetesVersion             model
RevisionCatalog               model
WorkloadRef                   model
WorkloadKind                  model
PodRecord                     model
PodInventory                  model
ClusterMeshState              model
ControlPlaneStatus            model
MeshNamespace                 model
RevisionTag                   model
IngressGateway                model
ProxyImage                    model
SidecarState                  model
MeshUpgradeProfile            model
MeshUpgrades                  model
MeshConfigCopy                model
RolloutResult                 model
UpgradeStage                  model
UpgradeRule                   model
ClusterId                     model
DanglingInjection             model
RevisionTest                  model
KubernetesVersionTest         model
VersionPropertiesTest         model
RevisionCatalogTest           model
ProxyImageTest                model
ModelValuesTest               model
ControlPlaneStatusDescribeTest model

# plan: the plan, its state machine and the rules deciding what may be upgraded
UpgradePlan                   plan
UpgradeRules                  plan
UpgradePolicy                 plan
UpgradePath                   plan
Situation                     plan
UpgradeDecision               plan
PatchRollover                 plan
TransitionTable@internal      plan
CheckpointCodec@internal      plan!
SituationClassifier@internal  plan!
UpgradePlanTest               plan
UpgradePathTest               plan
UpgradePathPropertiesTest     plan
UpgradeRulesTest              plan
SituationTest                 plan
PatchRolloverTest             plan
CheckpointTest                plan
CheckpointPropertiesTest      plan

# exception: MeshUpgradeException and its subtypes
MeshUpgradeException          exception
RemoteCallException           exception
UpgradeRefusedException       exception
CanaryRemovedException        exception
CheckpointException           exception
ClusterChangedException       exception
ClusterNotFoundException      exception
ClusterNotReadyException      exception
ConcurrentUpgradeException    exception
IllegalTransitionException    exception
MeshConfigConflictException   exception
MeshNotEnabledException       exception
MissingPermissionException    exception
NoUpgradeInProgressException  exception
OperationFailedException      exception
OperationInProgressException  exception
OperationTimeoutException     exception
RequestRejectedException      exception
UpgradeNotAllowedException    exception
DanglingInjectionException    exception
ForeignPlanException          exception
ExceptionsTest                exception

# spi: ports the adapters implement, and the values they exchange
HealthResult                  spi
Sleeper                       spi
'

# package-info.java written for a package when it has none (one sentence each).
PACKAGE_INFO='
options|What a caller passes to the upgrader: upgrade and restart options and the policy on a failed health check.
report|What the upgrader hands back: the reports of an upgrade, a patch roll-over and a restart, and the preview of a plan.
model|Values describing the mesh, the cluster and its workloads (revisions, Kubernetes versions, pods, namespaces, stages, rules); they depend on nothing else in mesh-upgrade.
plan|The upgrade plan, its state machine and checkpoint, and the rules and paths deciding which revision may be upgraded to which.
exception|The unchecked exceptions of mesh-upgrade, all under MeshUpgradeException, each carrying the context to act on.
'

# Fix-ups after moving (file basename | perl substitution), each idempotent.
FIXUPS='
Fixtures.java|s/^final class Fixtures\b/public final class Fixtures/m; s/^  static (?!final)/  public static /mg
PropertyCases.java|s/^final class PropertyCases\b/public final class PropertyCases/m; s/^  static (?!final)/  public static /mg; s/^  record Case</  public record Case</m; s/^    void check\(/    public void check(/m; s/^  interface Body/  public interface Body/m
'

[[ -f pom.xml && -d mesh-upgrade-core ]] || { echo "move-packages: run from the repository root" >&2; exit 1; }
export MAPPING PACKAGE_INFO FIXUPS
exec python3 - "$@" <<'PY'
import os, re, subprocess, sys, time

t0 = time.time()
BASE = "io.meshupgrade"
MARKDOWN = "--markdown" in sys.argv[1:]
CORE_ROOTS = ["mesh-upgrade-core/src/main/java", "mesh-upgrade-core/src/test/java"]

def pkgname(suffix):
    return BASE if suffix == "." else BASE + "." + suffix

mapping = {}   # name -> (origin pkg, target pkg, hide)
for line in os.environ["MAPPING"].splitlines():
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name, target = line.split()
    origin = "."
    if "@" in name:
        name, origin = name.split("@")
    hide = target.endswith("!")
    target = target.rstrip("!")
    if name in mapping:
        sys.exit(f"move-packages: {name} mapped twice")
    mapping[name] = (pkgname(origin), pkgname(target), hide)

def git_java_files():
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "*.java"],
                         capture_output=True, text=True, check=True).stdout.split()
    return [f for f in out if os.path.exists(f) and "/target/" not in f]

PKG_RE = re.compile(r"^\s*package\s+([\w.]+)\s*;", re.M)
TYPE_DECL_RE = re.compile(r"\b(?:class|interface|enum|record|@interface)\s+([A-Z]\w*)")

def read(f):
    with open(f, encoding="utf-8") as h:
        return h.read()

def write(f, s):
    with open(f, "w", encoding="utf-8") as h:
        h.write(s)

def package_of(src):
    m = PKG_RE.search(strip_code(src, keep_package=True))
    return m.group(1) if m else ""

STRIP_RE = re.compile(r'"""(?:\\.|[^\\])*?"""|/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])+\'', re.S)

def strip_code(src, keep_package=False):
    return STRIP_RE.sub(lambda m: " " if not m.group(0).startswith("/*") else "\n" * m.group(0).count("\n"), src)

def javadoc_refs(src):
    refs = set()
    for c in re.findall(r"/\*.*?\*/", src, re.S):
        refs |= set(re.findall(r"(?:\{@link(?:plain)?|@see|@throws|@exception)\s+([A-Z]\w*)", c))
    return refs

def code_refs(src):
    code = strip_code(src)
    code = re.sub(r"^\s*(?:import|package)\s[^;]*;", "", code, flags=re.M)
    return set(m.group(1) for m in re.finditer(r"(?<![\w$])([A-Z]\w*)\b", code)
               if not re.search(r"\.\s*$", code[max(0, m.start(1) - 40):m.start(1)]))

# ---- 1. snapshot before moving: which package each file and each type is in -----------------------------------
files = git_java_files()
file_pkg = {}
types_in = {}          # package -> set of top-level type names (by file name)
for f in files:
    p = package_of(read(f))
    file_pkg[f] = p
    n = os.path.basename(f)[:-5]
    if n not in ("package-info", "module-info"):
        types_in.setdefault(p, set()).add(n)

# ---- 2. move the mapped core types ----------------------------------------------------------------------------
def git(*a):
    subprocess.run(["git", *a], check=True)

moved = {}             # new path -> (old pkg, new pkg)
errors, missing = [], []
for name, (origin, target, hide) in mapping.items():
    found = []
    for root in CORE_ROOTS:
        src = os.path.join(root, *origin.split("."), name + ".java")
        dst = os.path.join(root, *target.split("."), name + ".java")
        if os.path.exists(src) and src != dst:
            if os.path.exists(dst):
                errors.append(f"{name}: both {src} and {dst} exist (a merge re-added the old file?); keep one")
                continue
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            git("mv", src, dst)
            file_pkg[dst] = file_pkg.pop(src)
            moved[dst] = (origin, target)
            found.append(dst)
        elif os.path.exists(dst):
            found.append(dst)
    if not found:
        missing.append(name)
if errors:
    print("move-packages: ERROR\n  " + "\n  ".join(errors), file=sys.stderr)
    sys.exit(1)

def dir_pkg(f):
    """The package a core file's directory says it is in (None outside mesh-upgrade-core)."""
    for root in CORE_ROOTS:
        if f.startswith(root + "/"):
            return os.path.dirname(f)[len(root) + 1:].replace("/", ".")
    return None

def now_pkg(origin_pkg, name):
    """Where a type that was (before this run) in origin_pkg lives now."""
    m = mapping.get(name)
    if m and m[0] == origin_pkg:
        return m[1]
    return origin_pkg

def visible_before(pkg):
    """(package, name) pairs a file of pkg saw without an import, before this run and before any earlier run."""
    vis = {(pkg, n) for n in types_in.get(pkg, ())}
    vis |= {(o, n) for n, (o, t, h) in mapping.items() if o == pkg}
    return vis

# ---- 3. rewrite every Java file -------------------------------------------------------------------------------
fqn_subs = []
for name, (origin, target, hide) in mapping.items():
    if origin != target:
        fqn_subs.append((re.compile(r"(?<![\w.])" + re.escape(origin) + r"\." + name + r"\b"), target + "." + name))

def rewrite_fqns(s):
    for rx, rep in fqn_subs:
        s = rx.sub(rep, s)
    return s

IMPORT_RE = re.compile(r"^import\s+(static\s+)?([\w.]+(?:\.\*)?)\s*;[ \t]*$", re.M)
changed = []
files = [f for f in file_pkg]
for f in files:
    old = read(f)
    s = rewrite_fqns(old)
    before_pkg = file_pkg[f]
    name = os.path.basename(f)[:-5]
    after_pkg = dir_pkg(f) or before_pkg
    if before_pkg != after_pkg:
        s = re.sub(r"^(\s*)package\s+" + re.escape(before_pkg) + r"\s*;", r"\1package " + after_pkg + ";", s, count=1, flags=re.M)
    if name in mapping and mapping[name][2] and mapping[name][1] == after_pkg:
        s = re.sub(r"^public ((?:final |abstract |sealed )*(?:class|interface|enum|record) " + name + r"\b)", r"\1", s, flags=re.M)
    if name in ("package-info", "module-info"):
        if s != old:
            write(f, s); changed.append(f)
        continue

    imports = [(bool(m.group(1)), m.group(2)) for m in IMPORT_RE.finditer(s)]
    wild = {i for st, i in imports if not st and i.endswith(".*")}
    explicit = {i.rsplit(".", 1)[1] for st, i in imports if not st and not i.endswith(".*")}
    declared = set(TYPE_DECL_RE.findall(strip_code(s)))
    vis = visible_before(before_pkg)
    rewritten_wild = set()
    for w in wild:
        wp = w[:-2]
        if any(o == wp for o, t, h in mapping.values()):
            rewritten_wild.add(w)
            vis |= visible_before(wp)
    used_code, used_doc = code_refs(s), javadoc_refs(s) - code_refs(s)
    add, qualify = set(), {}
    for (vp, n) in vis:
        if n in declared or n in explicit or n == name:
            continue
        cur = now_pkg(vp, n)
        if cur == after_pkg:
            continue
        if n in types_in.get(after_pkg, ()) and now_pkg(after_pkg, n) == after_pkg:
            continue  # another type of that name in the file's own package: leave it to the compiler
        if n in used_code:
            add.add(f"{cur}.{n}")
        elif n in used_doc:
            qualify[n] = f"{cur}.{n}"
    for n, q in qualify.items():
        s = re.sub(r"(\{@link(?:plain)?\s+|@see\s+|@throws\s+|@exception\s+)" + n + r"\b", r"\g<1>" + q, s)

    keep = []
    for st, i in imports:
        if not st and i in rewritten_wild:
            continue
        if not st and not i.endswith(".*") and i.rsplit(".", 1)[0] == after_pkg:
            continue
        keep.append((st, i))
    new_imports = keep + [(False, a) for a in sorted(add)]
    dedup = []
    for x in new_imports:
        if x not in dedup:
            dedup.append(x)
    if dedup != imports:
        lines = s.split("\n")
        idx = [k for k, l in enumerate(lines) if IMPORT_RE.fullmatch(l)]
        statics = sorted(i for st, i in dedup if st)
        normal = sorted(i for st, i in dedup if not st)
        block = [f"import static {i};" for i in statics] + ([""] if statics and normal else []) + [f"import {i};" for i in normal]
        if idx and all(IMPORT_RE.fullmatch(l) or not l.strip() for l in lines[idx[0]:idx[-1] + 1]):
            lines[idx[0]:idx[-1] + 1] = block
        elif idx:  # comments between imports: leave them, drop the removed ones, add the new ones after the last
            gone = {f"import {'static ' if st else ''}{i};" for st, i in imports if (st, i) not in dedup}
            extra = [f"import {i};" for i in sorted(add) if (False, i) not in imports]
            last = idx[-1]
            lines = lines[:last + 1] + extra + lines[last + 1:]
            lines = [l for l in lines if l.strip() not in gone]
        else:
            p = next(k for k, l in enumerate(lines) if PKG_RE.match(l))
            lines[p + 1:p + 1] = [""] + block
        s = "\n".join(lines)
        s = re.sub(r"(;\n)\n{2,}(import )", r"\1\n\2", s)
    if s != old:
        write(f, s)
        changed.append(f)

# ---- 4. fix-ups, package-info ---------------------------------------------------------------------------------
for line in os.environ["FIXUPS"].strip().splitlines():
    base, perl = line.split("|", 1)
    for f in file_pkg:
        if os.path.basename(f) == base and os.path.exists(f):
            before = read(f)
            subprocess.run(["perl", "-0pi", "-e", perl, f], check=True)
            if read(f) != before:
                changed.append(f)
for line in os.environ["PACKAGE_INFO"].strip().splitlines():
    suffix, sentence = line.split("|", 1)
    d = os.path.join(CORE_ROOTS[0], *pkgname(suffix).split("."))
    pi = os.path.join(d, "package-info.java")
    if os.path.isdir(d) and not os.path.exists(pi):
        write(pi, f"/** {sentence} */\npackage {pkgname(suffix)};\n")
        subprocess.run(["git", "add", pi], check=True)
        changed.append(pi)

# ---- 5. markdown (optional) -----------------------------------------------------------------------------------
if MARKDOWN:
    md = subprocess.run(["git", "ls-files", "*.md"], capture_output=True, text=True, check=True).stdout.split()
    for f in md:
        if os.path.basename(f) == "CHANGELOG.md" or not os.path.exists(f):
            continue
        old = read(f)
        s = rewrite_fqns(old)
        if s != old:
            write(f, s); changed.append(f)

# ---- 6. report ------------------------------------------------------------------------------------------------
print(f"move-packages: moved {len(moved)} file(s), rewrote {len(set(changed))} file(s) in {time.time() - t0:.1f}s")
for n in missing:
    print(f"move-packages: note: {n} is mapped but not found in mesh-upgrade-core (deleted? remove it from MAPPING)")
unmapped = []
for root in CORE_ROOTS:
    d = os.path.join(root, *BASE.split("."))
    for fn in sorted(os.listdir(d)):
        n = fn[:-5]
        if fn.endswith(".java") and n != "package-info" and not (n in mapping and mapping[n][1] == BASE):
            unmapped.append(os.path.join(d, fn))
for mi in subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "*/module-info.java"],
                         capture_output=True, text=True, check=True).stdout.split():
    src_root = os.path.dirname(mi)
    text = read(mi)
    pkgs = {dir_pkg(f) or file_pkg[f] for f in file_pkg if f.startswith(src_root + "/")}
    for p in sorted(pkgs - {""}):
        if not re.search(r"\b" + re.escape(p) + r"\b(?![.\w])", text):
            print(f"move-packages: WARNING: package {p} is not named in {mi} (export it, or list it in the"
                  f" 'not exported' comment)", file=sys.stderr)
if unmapped:
    bar = "!" * 100
    print(f"{bar}\nmove-packages: UNMAPPED types left in the root package {BASE} (add each to MAPPING at the top of"
          f" tools/move-packages.sh, then run it again):", file=sys.stderr)
    for u in unmapped:
        print("    " + u, file=sys.stderr)
    print(bar, file=sys.stderr)
    sys.exit(3)
PY
