# The two entry points of the README: `make run` and `make test`.
SWIFT_BIN := $(firstword $(wildcard /opt/swift/usr/bin) $(dir $(shell command -v swift)))
export PATH := $(SWIFT_BIN):$(PATH)

.PHONY: setup build release run test clean

setup:
	./scripts/setup.sh

build: setup
	swift build

release: setup
	swift build -c release

run: release
	.build/release/landscape

test: build
	swift test

clean:
	rm -rf .build
