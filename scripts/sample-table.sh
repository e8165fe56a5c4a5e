#!/usr/bin/env bash
# Prints a Markdown table row per sample model: parameters, train and test accuracy and loss
# as `landscape info` prints them, and the size on disk.
set -euo pipefail
cd "$(dirname "$0")/.."
landscape=${LANDSCAPE:-.build/release/landscape}

echo "| model | parameters | train accuracy | test accuracy | test loss | size |"
echo "|---|---|---|---|---|---|"
for model in sample-models/*.safetensors; do
    name=$(basename "$model" .safetensors)
    parameters=$("$landscape" info "$model" | awk '/^total parameters/ {print $3}')
    train=$("$landscape" info "$model" --data fashion-mnist:train | tail -1)
    test=$("$landscape" info "$model" --data fashion-mnist:test | tail -1)
    size=$(du -k "$model" | cut -f1)
    echo "| \`$name\` | $parameters | $(echo "$train" | awk '{print $4}') |" \
        "$(echo "$test" | awk '{print $4}') | $(echo "$test" | awk '{print $2}') | ${size} KB |"
done
