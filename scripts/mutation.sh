#!/usr/bin/env bash
# Mutation testing of the model (advisor/core: costs, crossover, decision, latency, context), with mutmut.
# Slow (tens of minutes), so not part of every CI run; run it after changing the model or its tests:
#   bash scripts/mutation.sh                 # mutate, run the tests against every mutant, print the score
#   .venv/bin/mutmut results                 # the mutants the tests did not kill
#   .venv/bin/mutmut show <name>             # the change one of them makes
# The modules, the tests run against each mutant and the options are in pyproject.toml, [tool.mutmut].
# A rerun only retests mutants of functions (or tests) that changed; rm -rf mutants/ starts afresh.
set -euo pipefail
cd "$(dirname "$0")/.."
MUTMUT="${MUTMUT:-.venv/bin/mutmut}"
command -v "$MUTMUT" >/dev/null || { echo "mutmut is missing: install the dev extra (bash scripts/setup.sh)" >&2; exit 1; }
"$MUTMUT" run --max-children "${MUTMUT_CHILDREN:-2}" "$@" || true
# The score per module: killed (or timed out) over all mutants that ran.
"$(dirname "$MUTMUT")/python" - <<'PY'
import json
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

for meta in sorted(Path("mutants").rglob("*.py.meta")):
    codes = json.loads(meta.read_text()).get("exit_code_by_key", {}).values()
    c = Counter(status_by_exit_code[code] for code in codes)
    if not c:
        continue
    killed = c["killed"] + c["timeout"] + c["caught by type check"]
    ran = killed + c["survived"] + c["no tests"] + c["suspicious"]
    module = str(meta.relative_to("mutants"))[: -len(".meta")]
    print(f"{module}: {100 * killed / max(ran, 1):.1f}% killed ({killed} of {ran}; " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())) + ")")
PY
