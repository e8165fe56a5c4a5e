#!/usr/bin/env python3
"""Check `landscape surface` against independent NumPy and onnxruntime implementations.

For each model the script runs the landscape binary twice: `landscape directions` writes the
directions to a safetensors file, and `landscape surface --dirs` evaluates a grid on the
first N samples. It then evaluates the same grid points from the same model file, directions
file and IDX data in each engine that `--engine` selects. For each engine it prints the
largest relative difference of loss and of accuracy from landscape, and its cells per second.

Neither engine shares code with landscape. The script parses the safetensors header and the
architecture JSON in the metadata itself (docs/model-format.md), and the cross-entropy and
accuracy are computed from the logits in float64 NumPy for both engines. The forward pass is
float32, as in landscape, and global average pooling sums in float64, as landscape does.

- numpy: convolutions are unfolded with NumPy's sliding windows, and BatchNorm is
  (x - mean) / sqrt(var + 1e-5) * weight + bias. NumPy's BLAS uses every core for one cell at
  a time, in batches of 1000 samples.
- onnxruntime: crosscheck_onnx.py builds an ONNX graph (opset 17) from the same architecture,
  with the input normalization (x - mean) / std as its first nodes and BatchNormalization in
  inference mode. Sessions run on the CPU with graph optimization ALL, one operator at a
  time, `--ort-threads` threads inside each operator and `--ort-batch` samples per run. Two
  ways to change the weights are timed and compared. "inputs" builds one session whose
  perturbed weights are graph inputs, fed again for each cell. "constants" builds a new
  model and session for each cell, with the weights as initializers that onnxruntime can
  fold into neighboring nodes (BatchNorm into the convolution, for example). Both rates
  count the weights θ + αδ + βη, the session creation and the runs, and "constants" also
  counts the building of each model.

The default engine is both when onnx and onnxruntime import in the script's environment,
and NumPy alone with a note otherwise.

Where the loss is NaN or infinite, logits reached the float32 limit and rounding decides
which of them overflow, so only the loss is compared there (NaN equals NaN).

The "landscape surface" rate is the wall time of the whole `landscape surface` process,
start-up and data loading included, so it understates landscape on small grids. Unless
`--bench-seconds 0` is given, the script also runs `landscape bench MODEL --samples N` and
prints its fastest row at N samples as "landscape bench": the steady rate of a 51x51 grid
on bench's own directions (seed 1), with one worker and with one per core, the first-layer
shortcut included where it fits in bench's cap.

Setup: the first run creates a virtual environment under $XDG_CACHE_HOME/landscape/crosscheck
(or ~/.cache/landscape/crosscheck), installs NumPy, onnx and onnxruntime from PyPI into it,
and runs itself in it. `--setup` only does that step, and also installs what an environment
created by an earlier version of the script lacks. The test suite never needs it.

usage: python3 scripts/crosscheck.py [MODEL ...] [--landscape PATH] [--samples N]
                                     [--x A:B:N] [--y A:B:N] [--norm NAME]
                                     [--ignore NAME] [--seed N] [--workers N]
                                     [--engine numpy|onnxruntime|both] [--ort-batch N]
                                     [--ort-threads N] [--bench-seconds S] [--setup]
"""
import argparse
import csv
import gzip
import json
import math
import os
import re
import struct
import subprocess
import sys
import tempfile
import time

REQUIREMENTS = ["numpy>=1.24"]
ONNX_REQUIREMENTS = ["onnx>=1.14", "onnxruntime>=1.16"]
BN_EPSILON = 1e-5
DATA_FOLDER = "/usr/share/datasets/fashion-mnist"


# Setup: a private virtual environment with NumPy, onnx and onnxruntime.

def environment_folder():
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(cache, "landscape", "crosscheck")


def environment_python():
    return os.path.join(environment_folder(), "bin", "python")


def set_up_environment():
    """Create the virtual environment and install the requirements into it.

    Returns False when NumPy is installed but onnx or onnxruntime failed to install, for
    example on a platform without onnxruntime wheels, so that only `--engine numpy` works.
    """
    folder = environment_folder()
    if not os.path.exists(environment_python()):
        print(f"creating a virtual environment in {folder}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", folder], check=True)
    pip = [environment_python(), "-m", "pip", "install", "--quiet"]
    subprocess.run(pip + REQUIREMENTS, check=True)
    if subprocess.run(pip + ONNX_REQUIREMENTS).returncode != 0:
        print(f"installing {' and '.join(ONNX_REQUIREMENTS)} into {folder} failed, so only "
              "--engine numpy works", file=sys.stderr)
        return False
    return True


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


def moved_tensors(theta, delta, eta, alpha, beta):
    """Return the tensors at θ + αδ + βη in float32, with the unmoved ones of θ."""
    import numpy as np

    a, b = np.float32(alpha), np.float32(beta)
    tensors = dict(theta)
    for name in delta:
        tensors[name] = theta[name] + a * delta[name] + b * eta[name]
    return tensors


def evaluate(architecture, theta, delta, eta, alpha, beta, images, labels, batch=1000):
    """Return the mean loss and accuracy at θ + αδ + βη, as float32 values."""
    import numpy as np

    tensors = moved_tensors(theta, delta, eta, alpha, beta)
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


# The onnxruntime engine. Its graph is built in crosscheck_onnx.py.

def score_batches(session, feeds, images, labels, batch):
    """Run `session` on `images` in batches and return the mean loss and accuracy as float32.

    `feeds` contains the weights that are graph inputs, and the image batch is added to it.
    """
    import numpy as np
    import crosscheck_onnx

    loss_sum, correct = 0.0, 0
    with np.errstate(all="ignore"):
        for start in range(0, len(labels), batch):
            feeds[crosscheck_onnx.INPUT] = images[start:start + batch]
            (logits,) = session.run([crosscheck_onnx.LOGITS], feeds)
            part_loss, part_correct = loss_and_accuracy(logits, labels[start:start + batch])
            loss_sum += part_loss
            correct += part_correct
    return np.float32(loss_sum / len(labels)), np.float32(correct / len(labels))


def evaluate_onnx_inputs(architecture, theta, delta, eta, points, images, labels, options):
    """Evaluate `points` in one session whose perturbed weights are graph inputs.

    Returns the (loss, accuracy) of each point and the seconds they took, the session's
    creation included.
    """
    import crosscheck_onnx

    model = crosscheck_onnx.build_model(architecture, theta, weight_inputs=set(delta))
    crosscheck_onnx.check_model(model)
    start = time.perf_counter()
    session = crosscheck_onnx.make_session(model, options.ort_threads)
    fed_names = [entry.name for entry in session.get_inputs()
                 if entry.name != crosscheck_onnx.INPUT]
    values = []
    for alpha, beta in points:
        tensors = moved_tensors(theta, delta, eta, alpha, beta)
        feeds = {name: tensors[name] for name in fed_names}
        values.append(score_batches(session, feeds, images, labels, options.ort_batch))
    return values, time.perf_counter() - start


def evaluate_onnx_constants(architecture, theta, delta, eta, points, images, labels, options):
    """Evaluate each of `points` in a new session whose weights are constants.

    Returns the (loss, accuracy) of each point and the seconds they took, the building of
    each model and session included.
    """
    import crosscheck_onnx

    crosscheck_onnx.check_model(crosscheck_onnx.build_model(architecture, theta))
    start = time.perf_counter()
    values = []
    for alpha, beta in points:
        tensors = moved_tensors(theta, delta, eta, alpha, beta)
        model = crosscheck_onnx.build_model(architecture, tensors)
        session = crosscheck_onnx.make_session(model, options.ort_threads)
        values.append(score_batches(session, {}, images, labels, options.ort_batch))
    return values, time.perf_counter() - start


def onnxruntime_importable():
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def choose_engines(requested):
    """Return the engines to run for the `--engine` value, None meaning the default."""
    if requested is None:
        if onnxruntime_importable():
            return ["numpy", "onnxruntime"]
        print(f"note: onnx or onnxruntime is not installed in {environment_folder()}, so only "
              "NumPy runs; install them with 'python3 scripts/crosscheck.py --setup'",
              file=sys.stderr)
        return ["numpy"]
    engines = ["numpy", "onnxruntime"] if requested == "both" else [requested]
    if "onnxruntime" in engines and not onnxruntime_importable():
        raise SystemExit(f"onnx or onnxruntime is not installed in {environment_folder()}; "
                         "install them with 'python3 scripts/crosscheck.py --setup', or pass "
                         "--engine numpy")
    return engines


# Comparing with landscape.

class EngineResult:
    """One printed row: an engine's rate on one model and, where it evaluated the grid, its
    largest relative differences from landscape's values."""

    def __init__(self, engine, rate, cells=None, loss=None, accuracy=None, overflowed=0):
        self.engine = engine
        self.rate = rate
        self.cells = cells
        self.loss = loss
        self.accuracy = accuracy
        self.overflowed = overflowed


def relative_difference(observed, expected):
    if math.isnan(observed) and math.isnan(expected):
        return 0.0
    if math.isinf(observed) and observed == expected:
        return 0.0
    return abs(observed - expected) / max(abs(expected), 1e-30)


def compare(engine, rows, values, seconds):
    """Return the EngineResult of an engine's `values` against landscape's `rows`."""
    largest_loss, largest_accuracy, overflowed = 0.0, 0.0, 0
    for (_, _, loss, accuracy), (expected_loss, expected_accuracy) in zip(rows, values):
        largest_loss = max(largest_loss, relative_difference(loss, float(expected_loss)))
        if not math.isfinite(expected_loss):
            # Logits reached the float32 limit, where rounding decides which of them
            # overflow, so the top-1 choice may differ without either side being wrong.
            overflowed += 1
            continue
        largest_accuracy = max(largest_accuracy,
                               relative_difference(accuracy, float(expected_accuracy)))
    return EngineResult(engine, len(rows) / seconds, len(rows), largest_loss, largest_accuracy,
                        overflowed)


def run_landscape(binary, arguments):
    """Run landscape and return its wall time in seconds and its output, stopping on
    failure."""
    start = time.perf_counter()
    result = subprocess.run([binary] + arguments, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{binary} {' '.join(arguments)} failed: {result.stderr.strip()}")
    return elapsed, result.stdout


# A row of the `landscape bench` table: model (with " +shortcut" for the first-layer
# shortcut), samples, workers, cells/s, GFLOP/s and the share of the SGEMM peak.
BENCH_ROW = re.compile(r"^(?P<model>\S+(?: \+shortcut)?)\s+(?P<samples>\d+)\s+"
                       r"(?P<workers>\d+)\s+(?P<rate>[0-9.]+)\s")


def run_landscape_bench(model, options):
    """Return the EngineResult of the fastest `landscape bench` row at options.samples."""
    _, output = run_landscape(options.landscape, [
        "bench", model, "--samples", str(options.samples), "--seconds",
        str(options.bench_seconds), "--data", options.data])
    best = None
    for line in output.splitlines():
        match = BENCH_ROW.match(line)
        if not match or int(match["samples"]) != options.samples:
            continue
        if best is None or float(match["rate"]) > float(best["rate"]):
            best = match
    if best is None:
        raise SystemExit(f"landscape bench printed no row for {options.samples} samples:\n"
                         f"{output}")
    workers = int(best["workers"])
    label = f"landscape bench ({workers} worker" + ("s)" if workers > 1 else ")")
    if best["model"].endswith("+shortcut"):
        label += " +shortcut"
    return EngineResult(label, float(best["rate"]))


def read_surface_csv(path):
    """Return (alpha, beta, loss, accuracy) rows, the last two rounded to float32 as stored."""
    import numpy as np

    with open(path, newline="") as file:
        return [(float(row["alpha"]), float(row["beta"]), float(np.float32(row["loss"])),
                 float(np.float32(row["accuracy"]))) for row in csv.DictReader(file)]


def check_model(model, options, folder, engines):
    """Run landscape and each engine on one model, and yield an EngineResult as each ends."""
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
    landscape_seconds, _ = run_landscape(options.landscape, surface_arguments)
    rows = read_surface_csv(surface_path)
    yield EngineResult("landscape surface", len(rows) / landscape_seconds, len(rows))
    if options.bench_seconds > 0:
        yield run_landscape_bench(model, options)

    theta, metadata = read_safetensors(model)
    architecture = json.loads(metadata["architecture"])
    directions, _ = read_safetensors(directions_path)
    delta = {name[6:]: value for name, value in directions.items() if name.startswith("delta.")}
    eta = {name[4:]: value for name, value in directions.items() if name.startswith("eta.")}
    images, labels = load_samples(options.data, options.samples)
    points = [(alpha, beta) for alpha, beta, _, _ in rows]

    if "numpy" in engines:
        start = time.perf_counter()
        values = [evaluate(architecture, theta, delta, eta, alpha, beta, images, labels)
                  for alpha, beta in points]
        yield compare("numpy", rows, values, time.perf_counter() - start)
    if "onnxruntime" in engines:
        values, seconds = evaluate_onnx_inputs(architecture, theta, delta, eta, points,
                                               images, labels, options)
        yield compare("onnxruntime inputs", rows, values, seconds)
        values, seconds = evaluate_onnx_constants(architecture, theta, delta, eta, points,
                                                  images, labels, options)
        yield compare("onnxruntime constants", rows, values, seconds)


def usable_cores():
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def parse_arguments():
    parser = argparse.ArgumentParser(
        description="Compare landscape surface values and speed with independent NumPy and "
                    "onnxruntime implementations.")
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
    parser.add_argument("--engine", choices=["numpy", "onnxruntime", "both"],
                        help="the implementations to compare with (default: both when onnx "
                             "and onnxruntime are installed, numpy otherwise)")
    parser.add_argument("--ort-batch", type=positive_integer, default=128,
                        help="samples per onnxruntime run (default 128)")
    parser.add_argument("--ort-threads", type=positive_integer, default=usable_cores(),
                        help="onnxruntime threads inside each operator (default: the usable "
                             f"cores, {usable_cores()} here)")
    parser.add_argument("--bench-seconds", type=float, default=5,
                        help="seconds per 'landscape bench' measurement, 0 to skip bench "
                             "(default 5)")
    parser.add_argument("--setup", action="store_true",
                        help="only create the virtual environment and install NumPy, onnx "
                             "and onnxruntime")
    # Range values such as -1:1:5 start with a dash, which argparse takes for an option.
    arguments = sys.argv[1:]
    for index in range(len(arguments) - 1):
        if arguments[index] in ("--x", "--y"):
            arguments[index] += "=" + arguments[index + 1]
            arguments[index + 1] = None
    options = parser.parse_args([argument for argument in arguments if argument is not None])
    if options.bench_seconds != 0 and not 0.1 <= options.bench_seconds <= 3600:
        parser.error(f"invalid --bench-seconds {options.bench_seconds}: expected 0 to skip "
                     "bench, or 0.1 to 3600 seconds as landscape bench accepts")
    return options


def positive_integer(text):
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"invalid value '{text}': expected an integer of 1 "
                                         "or more")
    return int(text)


def print_legend(engines, options):
    print("landscape surface: cells / wall time of the whole process, start-up and data "
          "loading included")
    if options.bench_seconds > 0:
        print("landscape bench: steady rate of the fastest 'landscape bench' row, on its own "
              "directions")
    if "numpy" in engines:
        print("numpy: one cell at a time in batches of 1000, BLAS on every core")
    if "onnxruntime" in engines:
        print("onnxruntime inputs: one session, weights fed as graph inputs for each cell")
        print("onnxruntime constants: a new model and session per cell, weights as "
              "constants, building timed")


def print_speed_ratio(name, results):
    """Print landscape bench's rate as a multiple of the faster onnxruntime mode's rate."""
    landscape = [result for result in results if result.engine.startswith("landscape bench")]
    onnx = [result for result in results if result.engine.startswith("onnxruntime")]
    if not landscape or not onnx:
        return
    fastest = max(onnx, key=lambda result: result.rate)
    print(f"{name}: landscape bench {landscape[0].rate:.2f} cells/s is "
          f"{landscape[0].rate / fastest.rate:.2f} times {fastest.engine} "
          f"{fastest.rate:.2f} cells/s")


def main():
    options = parse_arguments()
    if options.setup:
        sys.exit(0 if set_up_environment() else 1)
    run_inside_environment()
    engines = choose_engines(options.engine)
    if not os.access(options.landscape, os.X_OK):
        raise SystemExit(f"{options.landscape}: landscape binary not found; build it with "
                         "'swift build -c release' or pass --landscape PATH")
    models = options.models or sorted(
        os.path.join("sample-models", name) for name in os.listdir("sample-models")
        if name.endswith(".safetensors"))

    print(f"data {options.data}, {options.samples} samples, grid x {options.x} y {options.y}, "
          f"{options.norm} normalization, ignore {options.ignore}, seed {options.seed}")
    if "onnxruntime" in engines:
        import crosscheck_onnx

        print(f"{crosscheck_onnx.versions()}: {options.ort_threads} intra-op threads, graph "
              f"optimization ALL, batch {options.ort_batch}")
    print(f"{'model':<22}{'engine':<37}{'cells':>6}{'max rel loss':>14}{'max rel acc':>12}"
          f"{'cells/s':>9}")
    worst, overflowed = 0.0, {}
    with tempfile.TemporaryDirectory(prefix="crosscheck-") as folder:
        for model in models:
            name = os.path.basename(model).removesuffix(".safetensors")
            results = []
            for result in check_model(model, options, folder, engines):
                results.append(result)
                cells = "-" if result.cells is None else str(result.cells)
                if result.loss is None:
                    differences = f"{'-':>14}{'-':>12}"
                else:
                    worst = max(worst, result.loss, result.accuracy)
                    differences = f"{result.loss:>14.2e}{result.accuracy:>12.2e}"
                    if result.overflowed:
                        overflowed[result.engine] = (overflowed.get(result.engine, 0)
                                                     + result.overflowed)
                print(f"{name:<22}{result.engine:<37}{cells:>6}{differences}"
                      f"{result.rate:>9.2f}", flush=True)
            print_speed_ratio(name, results)
    for engine, count in overflowed.items():
        print(f"cells with a NaN or infinite loss in {engine}: {count} (loss compared, "
              "accuracy not compared)")
    print_legend(engines, options)
    print(f"largest relative difference {worst:.2e}")
    sys.exit(0 if worst < 1e-4 else 1)


if __name__ == "__main__":
    main()
