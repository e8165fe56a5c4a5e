#!/usr/bin/env python3
"""Check `landscape surface` against an independent NumPy implementation.

For each model the script runs the landscape binary twice: `landscape directions` writes the
directions to a safetensors file, and `landscape surface --dirs` evaluates a grid on the
first N samples. It then evaluates the same grid points in NumPy from the same model file,
directions file and IDX data, and prints the largest relative difference of loss and of
accuracy with both rates in cells per second.

The NumPy side shares no code with landscape. It parses the safetensors header and the
architecture JSON in the metadata itself (docs/model-format.md). It unfolds convolutions with
NumPy's sliding windows and applies BatchNorm as (x - mean) / sqrt(var + 1e-5) * weight +
bias. The cross-entropy is computed from the logits in float64. The forward pass is float32, as
in landscape, and NumPy's BLAS uses every core for one cell at a time, while landscape runs
one cell per worker.

Where the loss is NaN or infinite, logits reached the float32 limit and rounding decides
which of them overflow, so only the loss is compared there (NaN equals NaN).

The landscape rate is the wall time of the whole `landscape surface` process, start-up and
data loading included, so it understates landscape on small grids.

Setup: the first run creates a virtual environment with NumPy from PyPI under
$XDG_CACHE_HOME/landscape/crosscheck (or ~/.cache/landscape/crosscheck) and runs itself in
it. `--setup` only does that step. The test suite never needs it.

usage: python3 scripts/crosscheck.py [MODEL ...] [--landscape PATH] [--samples N]
                                     [--x A:B:N] [--y A:B:N] [--norm NAME]
                                     [--ignore NAME] [--seed N] [--workers N] [--setup]
"""
import argparse
import csv
import gzip
import json
import math
import os
import struct
import subprocess
import sys
import tempfile
import time

REQUIREMENTS = ["numpy>=1.24"]
BN_EPSILON = 1e-5
DATA_FOLDER = "/usr/share/datasets/fashion-mnist"


# Setup: a private virtual environment with NumPy.

def environment_folder():
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(cache, "landscape", "crosscheck")


def environment_python():
    return os.path.join(environment_folder(), "bin", "python")


def set_up_environment():
    """Create the virtual environment and install the requirements into it."""
    folder = environment_folder()
    if not os.path.exists(environment_python()):
        print(f"creating a virtual environment in {folder}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", folder], check=True)
    subprocess.run([environment_python(), "-m", "pip", "install", "--quiet"] + REQUIREMENTS,
                   check=True)


def run_inside_environment():
    """Re-run this script with the environment's Python unless it already runs there."""
    if os.path.realpath(sys.prefix) == os.path.realpath(environment_folder()):
        return
    if not os.path.exists(environment_python()):
        set_up_environment()
    os.execv(environment_python(), [environment_python()] + sys.argv)


# Files: safetensors, the architecture JSON and IDX data.

def read_safetensors(path):
    """Return ({name: float32 array}, metadata) from a safetensors file."""
    import numpy as np

    dtypes = {"F32": np.float32, "F64": np.float64, "F16": np.float16}
    with open(path, "rb") as file:
        content = file.read()
    (header_length,) = struct.unpack("<Q", content[:8])
    header = json.loads(content[8:8 + header_length].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    data = content[8 + header_length:]
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] not in dtypes:
            raise SystemExit(f"{path}: tensor {name} has dtype {entry['dtype']}, "
                             "expected F32, F64 or F16")
        begin, end = entry["data_offsets"]
        dtype = np.dtype(dtypes[entry["dtype"]]).newbyteorder("<")
        values = np.frombuffer(data[begin:end], dtype=dtype)
        tensors[name] = values.astype(np.float32).reshape(entry["shape"])
    return tensors, metadata


def read_idx(path):
    """Return the array of an IDX file, gzip-compressed or not."""
    import numpy as np

    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as file:
        content = file.read()
    if content[:2] != b"\0\0" or content[2] != 8:
        raise SystemExit(f"{path}: not an unsigned-byte IDX file")
    rank = content[3]
    shape = struct.unpack(">" + "I" * rank, content[4:4 + 4 * rank])
    return np.frombuffer(content[4 + 4 * rank:], dtype=np.uint8).reshape(shape)


def load_samples(spec, count):
    """Return the first `count` images as float32 [N, C, H, W] in [0, 1], and their labels."""
    import numpy as np

    if spec in ("fashion-mnist:test", "fashion-mnist:train"):
        prefix = "t10k" if spec.endswith("test") else "train"
        folder = os.environ.get("LANDSCAPE_DATA_DIR", DATA_FOLDER)
        paths = [os.path.join(folder, f"{prefix}-{kind}-idx{rank}-ubyte")
                 for kind, rank in (("images", 3), ("labels", 1))]
        paths = [path + ".gz" if os.path.exists(path + ".gz") else path for path in paths]
    else:
        paths = spec.split(",")[:2]
    images, labels = read_idx(paths[0]), read_idx(paths[1])
    images = images[:count]
    if images.ndim == 3:
        images = images[:, None, :, :]
    return images.astype(np.float32) / np.float32(255), labels[:count].astype(np.int64)


# The forward pass.

def conv2d(x, weight, bias, stride, padding):
    """Cross-correlation of NCHW `x` with OIHW `weight`, as PyTorch's Conv2d."""
    import numpy as np

    batch, channels, _, _ = x.shape
    out_channels, _, kernel, _ = weight.shape
    padded = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, (kernel, kernel), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]
    height, width = windows.shape[2], windows.shape[3]
    # [N, H', W', C, k, k] rows against the flattened filters.
    columns = windows.transpose(0, 2, 3, 1, 4, 5).reshape(batch * height * width, -1)
    output = columns @ weight.reshape(out_channels, -1).T
    if bias is not None:
        output += bias
    return output.reshape(batch, height, width, out_channels).transpose(0, 3, 1, 2)


def pool(x, kernel, stride, reduce):
    import numpy as np

    windows = np.lib.stride_tricks.sliding_window_view(x, (kernel, kernel), axis=(2, 3))
    return reduce(windows[:, :, ::stride, ::stride], axis=(4, 5))


def batch_norm(x, tensors, name):
    import numpy as np

    def column(suffix):
        return tensors[f"{name}.{suffix}"].reshape(1, -1, 1, 1)

    scale = column("weight") / np.sqrt(column("running_var") + np.float32(BN_EPSILON))
    return (x - column("running_mean")) * scale + column("bias")


def run_layers(x, layers, tensors, prefix=""):
    """Apply the architecture's `layers` to `x`, reading tensors named `prefix + name`."""
    import numpy as np

    for layer in layers:
        kind = layer["type"]
        name = prefix + layer.get("name", "")
        if kind == "conv2d":
            x = conv2d(x, tensors[name + ".weight"], tensors.get(name + ".bias"),
                       layer.get("stride", 1), layer.get("padding", 0))
        elif kind == "dense":
            x = x @ tensors[name + ".weight"].T + tensors[name + ".bias"]
        elif kind == "relu":
            x = np.maximum(x, np.float32(0))
        elif kind == "maxpool":
            x = pool(x, layer["kernel"], layer.get("stride", layer["kernel"]), np.max)
        elif kind == "avgpool":
            x = pool(x, layer["kernel"], layer.get("stride", layer["kernel"]), np.mean)
        elif kind == "globalavgpool":
            # Summed in float64, as landscape documents, so that far from the minimum a sum
            # of activations near the float32 maximum does not overflow to infinity.
            x = x.mean(axis=(2, 3), dtype=np.float64).astype(np.float32)
        elif kind == "flatten":
            x = x.reshape(x.shape[0], -1)
        elif kind == "batchnorm":
            x = batch_norm(x, tensors, name)
        elif kind == "residual":
            x = residual(x, layer, tensors, name + ".")
        else:
            raise SystemExit(f"layer type {kind} is not supported by the crosscheck")
    return x


def residual(x, layer, tensors, prefix):
    """Return relu(body(x) + shortcut(x)), where a projection is a 1x1 conv without bias."""
    import numpy as np

    body = run_layers(x, layer["body"], tensors, prefix)
    shortcut = layer["shortcut"]
    if shortcut == "identity":
        body = body + x
    elif shortcut == "projection":
        projected = conv2d(x, tensors[prefix + "shortcut.weight"], None,
                           layer.get("shortcut_stride", 1), 0)
        if layer.get("shortcut_batchnorm", True):
            projected = batch_norm(projected, tensors, prefix + "shortcut.bn")
        body = body + projected
    return np.maximum(body, np.float32(0))


def loss_and_accuracy(logits, labels):
    """Return the summed cross-entropy (float64) and the number of correct top-1 rows."""
    import numpy as np

    wide = logits.astype(np.float64)
    top = wide.max(axis=1, keepdims=True)
    log_sum = np.log(np.exp(wide - top).sum(axis=1)) + top[:, 0]
    losses = log_sum - wide[np.arange(len(labels)), labels]
    correct = (np.argmax(logits, axis=1) == labels) & ~np.isnan(logits).any(axis=1)
    return losses.sum(), int(correct.sum())


def evaluate(architecture, theta, delta, eta, alpha, beta, images, labels, batch=1000):
    """Return the mean loss and accuracy at θ + αδ + βη, as float32 values."""
    import numpy as np

    a, b = np.float32(alpha), np.float32(beta)
    tensors = dict(theta)
    for name in delta:
        tensors[name] = theta[name] + a * delta[name] + b * eta[name]
    mean = np.float32(architecture["input"]["mean"])
    std = np.float32(architecture["input"]["std"])
    loss_sum, correct = 0.0, 0
    with np.errstate(all="ignore"):
        for start in range(0, len(labels), batch):
            x = (images[start:start + batch] - mean) / std
            logits = run_layers(x, architecture["layers"], tensors)
            part_loss, part_correct = loss_and_accuracy(logits, labels[start:start + batch])
            loss_sum += part_loss
            correct += part_correct
    return np.float32(loss_sum / len(labels)), np.float32(correct / len(labels))


# Comparing with landscape.

def relative_difference(observed, expected):
    if math.isnan(observed) and math.isnan(expected):
        return 0.0
    if math.isinf(observed) and observed == expected:
        return 0.0
    return abs(observed - expected) / max(abs(expected), 1e-30)


def run_landscape(binary, arguments):
    """Run landscape and return its wall time in seconds, stopping on failure."""
    start = time.perf_counter()
    result = subprocess.run([binary] + arguments, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{binary} {' '.join(arguments)} failed: {result.stderr.strip()}")
    return elapsed


def read_surface_csv(path):
    """Return (alpha, beta, loss, accuracy) rows, the last two rounded to float32 as stored."""
    import numpy as np

    with open(path, newline="") as file:
        return [(float(row["alpha"]), float(row["beta"]), float(np.float32(row["loss"])),
                 float(np.float32(row["accuracy"]))) for row in csv.DictReader(file)]


def check_model(model, options, folder):
    """Compare one model and return its printed row's values."""
    directions_path = os.path.join(folder, "directions.safetensors")
    surface_path = os.path.join(folder, "surface.csv")
    run_landscape(options.landscape, ["directions", model, "--out", directions_path,
                                      "--norm", options.norm, "--ignore", options.ignore,
                                      "--seed", str(options.seed)])
    surface_arguments = ["surface", model, "--dirs", directions_path, "--data", options.data,
                         "--samples", str(options.samples), "--x", options.x, "--y", options.y,
                         "--out", surface_path]
    if options.workers:
        surface_arguments += ["--workers", str(options.workers)]
    landscape_seconds = run_landscape(options.landscape, surface_arguments)
    rows = read_surface_csv(surface_path)

    theta, metadata = read_safetensors(model)
    architecture = json.loads(metadata["architecture"])
    directions, _ = read_safetensors(directions_path)
    delta = {name[6:]: value for name, value in directions.items() if name.startswith("delta.")}
    eta = {name[4:]: value for name, value in directions.items() if name.startswith("eta.")}
    images, labels = load_samples(options.data, options.samples)

    largest_loss, largest_accuracy, overflowed = 0.0, 0.0, 0
    start = time.perf_counter()
    for alpha, beta, loss, accuracy in rows:
        expected_loss, expected_accuracy = evaluate(architecture, theta, delta, eta, alpha,
                                                    beta, images, labels)
        largest_loss = max(largest_loss, relative_difference(loss, float(expected_loss)))
        if not math.isfinite(expected_loss):
            # Logits reached the float32 limit, where rounding decides which of them
            # overflow, so the top-1 choice may differ without either side being wrong.
            overflowed += 1
            continue
        largest_accuracy = max(largest_accuracy,
                               relative_difference(accuracy, float(expected_accuracy)))
    numpy_seconds = time.perf_counter() - start
    return (largest_loss, largest_accuracy, len(rows) / landscape_seconds,
            len(rows) / numpy_seconds, len(rows), overflowed)


def parse_arguments():
    parser = argparse.ArgumentParser(
        description="Compare landscape surface values and speed with an independent "
                    "NumPy implementation.")
    parser.add_argument("models", nargs="*", help="model files (default: every "
                        ".safetensors file in sample-models)")
    parser.add_argument("--landscape", default="./.build/release/landscape",
                        help="the landscape binary (default ./.build/release/landscape)")
    parser.add_argument("--data", default="fashion-mnist:test",
                        help="fashion-mnist:test (default), fashion-mnist:train or "
                             "IMAGES,LABELS")
    parser.add_argument("--samples", type=int, default=1000,
                        help="the first N samples of the data (default 1000)")
    parser.add_argument("--x", default="-1:1:5", help="alpha values MIN:MAX:NUM "
                        "(default -1:1:5)")
    parser.add_argument("--y", default="-1:1:5", help="beta values (default -1:1:5)")
    parser.add_argument("--norm", default="filter", help="filter (default), layer, weight or none")
    parser.add_argument("--ignore", default="biasbn", help="biasbn (default) or none")
    parser.add_argument("--seed", type=int, default=1, help="direction seed (default 1)")
    parser.add_argument("--workers", type=int, default=0,
                        help="landscape workers (default: one per core)")
    parser.add_argument("--setup", action="store_true",
                        help="only create the virtual environment and install NumPy")
    # Range values such as -1:1:5 start with a dash, which argparse takes for an option.
    arguments = sys.argv[1:]
    for index in range(len(arguments) - 1):
        if arguments[index] in ("--x", "--y"):
            arguments[index] += "=" + arguments[index + 1]
            arguments[index + 1] = None
    return parser.parse_args([argument for argument in arguments if argument is not None])


def main():
    options = parse_arguments()
    if options.setup:
        set_up_environment()
        return
    run_inside_environment()
    if not os.access(options.landscape, os.X_OK):
        raise SystemExit(f"{options.landscape}: landscape binary not found; build it with "
                         "'swift build -c release' or pass --landscape PATH")
    models = options.models or sorted(
        os.path.join("sample-models", name) for name in os.listdir("sample-models")
        if name.endswith(".safetensors"))

    print(f"data {options.data}, {options.samples} samples, grid x {options.x} y {options.y}, "
          f"{options.norm} normalization, ignore {options.ignore}, seed {options.seed}")
    print(f"{'model':<24}{'cells':>6}{'max rel loss':>14}{'max rel acc':>13}"
          f"{'landscape cells/s':>19}{'numpy cells/s':>15}")
    worst, overflowed = 0.0, 0
    with tempfile.TemporaryDirectory(prefix="crosscheck-") as folder:
        for model in models:
            loss, accuracy, landscape_rate, numpy_rate, cells, model_overflowed = \
                check_model(model, options, folder)
            worst = max(worst, loss, accuracy)
            overflowed += model_overflowed
            name = os.path.basename(model).removesuffix(".safetensors")
            print(f"{name:<24}{cells:>6}{loss:>14.2e}{accuracy:>13.2e}"
                  f"{landscape_rate:>19.2f}{numpy_rate:>15.2f}", flush=True)
    if overflowed:
        print(f"cells with a NaN or infinite loss: {overflowed} (loss compared, accuracy "
              "not compared)")
    print(f"largest relative difference {worst:.2e}")
    sys.exit(0 if worst < 1e-4 else 1)


if __name__ == "__main__":
    main()
