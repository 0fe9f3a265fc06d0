#!/usr/bin/env bash
# Runs the whole test suite: every database test on PGlite and on PostgreSQL, the live
# (mediasoup) tests and the browser tests. Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh test
source scripts/use-node.sh
if [[ -z ${TEST_DATABASE_URL:-} ]]; then
  TEST_DATABASE_URL=$(bash scripts/postgres.sh)
  export TEST_DATABASE_URL
fi
echo "[test] PostgreSQL for database tests: ${TEST_DATABASE_URL%%\?*}" >&2
npx tsc --noEmit
npx tsc --noEmit -p client
npm run --silent lint
npm run --silent deps
mkdir -p test-results
status=0
npx vitest run --reporter=verbose --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
# A plain closing line that any CI can read.
# A file that fails before its tests run (import error, failed beforeAll) counts as one failure.
node -e '
  const r = require("./test-results/vitest.json");
  const brokenFiles = r.testResults.filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed")).length;
  console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests + brokenFiles} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' || true
exit $status
