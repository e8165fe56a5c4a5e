#!/usr/bin/env bash
# Rebuilds the bundled sample models from scratch with `landscape train`, one run at a time,
# and prints each run's wall time. Needs dataset-fashion-mnist (make setup installs it).
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release
landscape=.build/release/landscape
out=sample-models

train() {
    local name=$1
    shift
    local start=$SECONDS
    "$landscape" train --arch cnn --data fashion-mnist:train --test fashion-mnist:test \
        --epochs 20 --momentum 0.9 --schedule cosine --warmup 2 --seed 1 \
        --out "$out/$name.safetensors" "$@"
    echo "$name: $((SECONDS - start)) s"
}

# One CNN, small and large batch, each without and with weight decay, on the same epoch
# budget of 20 epochs. The large batch makes 32 times fewer steps, so it takes a 2.5 times
# larger rate (0.2 diverged in the second epoch, and 0.1 ended lower). Every run warms up
# over 2 epochs and then follows a cosine down to zero.
rm -rf "$out/cnn-b128-wd0-checkpoints"
train cnn-b128-wd0 --batch 128 --lr 0.02 --weight-decay 0 \
    --checkpoints "$out/cnn-b128-wd0-checkpoints"
train cnn-b128-wd5e-4 --batch 128 --lr 0.02 --weight-decay 5e-4
train cnn-b4096-wd0 --batch 4096 --lr 0.05 --weight-decay 0
train cnn-b4096-wd5e-4 --batch 4096 --lr 0.05 --weight-decay 5e-4

# A 20-layer residual network with BatchNorm (stage widths 8, 16, 32) and its twin with
# every skip connection removed, trained alike.
for arch in resnet-narrow resnet-narrow-noskip; do
    start=$SECONDS
    "$landscape" train --arch "$arch" --data fashion-mnist:train --test fashion-mnist:test \
        --epochs 4 --batch 128 --lr 0.05 --momentum 0.9 --weight-decay 5e-4 \
        --schedule cosine --warmup 1 --seed 1 --out "$out/$arch.safetensors"
    echo "$arch: $((SECONDS - start)) s"
done
