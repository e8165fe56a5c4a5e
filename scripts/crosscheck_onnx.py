"""Build an ONNX graph of a landscape model for scripts/crosscheck.py.

The graph follows the architecture JSON (docs/model-format.md) layer by layer, in NCHW
float32 with opset 17. Its input `/input` takes raw pixels in [0, 1] of shape [N, C, H, W],
which the graph normalizes as (x - mean) / std. Its output `/logits` has shape [N, classes].
Graph-internal names start with a slash, which no PyTorch state_dict key does, so they cannot
clash with the model's tensor names.

The module needs the `onnx` and `onnxruntime` packages, so crosscheck.py imports it only when
an onnxruntime engine runs.
"""
import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
BN_EPSILON = 1e-5
INPUT = "/input"
LOGITS = "/logits"


class GraphBuilder:
    """ONNX nodes in order of creation, and the model tensors that they read."""

    def __init__(self):
        self.nodes = []
        self.tensor_names = []
        self.constants = {}

    def use_tensor(self, name):
        """Record that the graph reads the model tensor `name`, and return the name."""
        if name not in self.tensor_names:
            self.tensor_names.append(name)
        return name

    def add_constant(self, name, value):
        self.constants[name] = np.asarray(value, dtype=np.float32)
        return name

    def add_node(self, operator, inputs, **attributes):
        """Append a node with one output and return that output's name."""
        output = f"/{operator}_{len(self.nodes)}"
        self.nodes.append(helper.make_node(operator, inputs, [output], **attributes))
        return output

    def add_layers(self, x, layers, prefix=""):
        for layer in layers:
            x = self.add_layer(x, layer, prefix)
        return x

    def add_layer(self, x, layer, prefix):
        kind = layer["type"]
        name = prefix + layer.get("name", "")
        if kind == "conv2d":
            return self.add_conv(x, name + ".weight", name + ".bias", layer["kernel"],
                                 layer.get("stride", 1), layer.get("padding", 0))
        if kind == "dense":
            return self.add_node("Gemm", [x, self.use_tensor(name + ".weight"),
                                          self.use_tensor(name + ".bias")], transB=1)
        if kind == "relu":
            return self.add_node("Relu", [x])
        if kind in ("maxpool", "avgpool"):
            kernel = layer["kernel"]
            stride = layer.get("stride", kernel)
            operator = "MaxPool" if kind == "maxpool" else "AveragePool"
            return self.add_node(operator, [x], kernel_shape=[kernel, kernel],
                                 strides=[stride, stride])
        if kind == "globalavgpool":
            return self.add_global_average(x)
        if kind == "flatten":
            return self.add_node("Flatten", [x], axis=1)
        if kind == "batchnorm":
            return self.add_batch_norm(x, name)
        if kind == "residual":
            return self.add_residual(x, layer, name + ".")
        raise SystemExit(f"layer type {kind} is not supported by the onnxruntime crosscheck")

    def add_conv(self, x, weight, bias, kernel, stride, padding):
        inputs = [x, self.use_tensor(weight)]
        if bias is not None:
            inputs.append(self.use_tensor(bias))
        return self.add_node("Conv", inputs, kernel_shape=[kernel, kernel],
                             strides=[stride, stride], pads=[padding] * 4)

    def add_global_average(self, x):
        """Average each channel's plane in float64, to [N, C], as landscape does.

        Far from the minimum, activations come near the float32 maximum, and a float32 sum
        of them would overflow to infinity where landscape's float64 sum stays finite.
        """
        wide = self.add_node("Cast", [x], to=TensorProto.DOUBLE)
        mean = self.add_node("ReduceMean", [wide], axes=[2, 3], keepdims=0)
        return self.add_node("Cast", [mean], to=TensorProto.FLOAT)

    def add_batch_norm(self, x, name):
        inputs = [self.use_tensor(f"{name}.{suffix}")
                  for suffix in ("weight", "bias", "running_mean", "running_var")]
        return self.add_node("BatchNormalization", [x] + inputs, epsilon=BN_EPSILON)

    def add_residual(self, x, layer, prefix):
        """Add relu(body(x) + shortcut(x)), where a projection is a 1x1 conv without bias."""
        body = self.add_layers(x, layer["body"], prefix)
        shortcut = layer["shortcut"]
        if shortcut == "identity":
            body = self.add_node("Add", [body, x])
        elif shortcut == "projection":
            projected = self.add_conv(x, prefix + "shortcut.weight", None, 1,
                                      layer.get("shortcut_stride", 1), 0)
            if layer.get("shortcut_batchnorm", True):
                projected = self.add_batch_norm(projected, prefix + "shortcut.bn")
            body = self.add_node("Add", [body, projected])
        return self.add_node("Relu", [body])


def build_model(architecture, tensors, weight_inputs=()):
    """Return the ModelProto of `architecture` with the values of `tensors`.

    Tensors named in `weight_inputs` become graph inputs that every run must feed, and the
    others become initializers, which onnxruntime may fold into neighboring nodes.
    """
    builder = GraphBuilder()
    mean = builder.add_constant("/mean", architecture["input"]["mean"])
    std = builder.add_constant("/std", architecture["input"]["std"])
    x = builder.add_node("Sub", [INPUT, mean])
    x = builder.add_node("Div", [x, std])
    x = builder.add_layers(x, architecture["layers"])
    builder.nodes.append(helper.make_node("Identity", [x], [LOGITS]))

    missing = [name for name in builder.tensor_names if name not in tensors]
    if missing:
        raise SystemExit(f"the model file has no tensor {missing[0]}, which its "
                         "architecture uses")
    channels, height, width = architecture["input"]["shape"]
    inputs = [helper.make_tensor_value_info(INPUT, TensorProto.FLOAT,
                                            ["N", channels, height, width])]
    initializers = [numpy_helper.from_array(value, name)
                    for name, value in builder.constants.items()]
    for name in builder.tensor_names:
        value = np.ascontiguousarray(tensors[name], dtype=np.float32)
        if name in weight_inputs:
            inputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT,
                                                        list(value.shape)))
        else:
            initializers.append(numpy_helper.from_array(value, name))
    outputs = [helper.make_tensor_value_info(LOGITS, TensorProto.FLOAT, ["N", "classes"])]
    graph = helper.make_graph(builder.nodes, "landscape-model", inputs, outputs,
                              initializer=initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                             producer_name="landscape crosscheck")


def check_model(model):
    """Raise onnx's ValidationError if `model` is not a valid ONNX model."""
    onnx.checker.check_model(model)


def make_session(model, threads):
    """Return a CPU session for `model`, with every graph optimization and `threads`
    threads inside each operator, running one operator at a time."""
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    return onnxruntime.InferenceSession(model.SerializeToString(), options,
                                        providers=["CPUExecutionProvider"])


def versions():
    """Return the onnx and onnxruntime versions as one line."""
    return f"onnx {onnx.__version__}, onnxruntime {onnxruntime.__version__}"
