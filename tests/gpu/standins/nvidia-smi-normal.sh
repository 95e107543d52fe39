#!/bin/sh
# A stand-in nvidia-smi (tests/gpu): a current driver with two GPUs, answering the two queries
# envdesk-gpu-probe makes.
case "$*" in
"-q -d COMPUTE")
    cat <<'LOG'

==============NVSMI LOG==============

Timestamp                                 : Mon Jun  3 12:00:00 2024
Driver Version                            : 535.183.01
CUDA Version                              : 12.2

Attached GPUs                             : 2
GPU 00000000:01:00.0
    Compute Mode                          : Default

GPU 00000000:02:00.0
    Compute Mode                          : Default

LOG
    ;;
"--query-gpu=name,memory.total,compute_cap --format=csv,noheader,nounits")
    printf 'NVIDIA GeForce RTX 3090, 24576, 8.6\nTesla T4, 15360, 7.5\n'
    ;;
*)
    echo "Invalid combination of input arguments. Please run 'nvidia-smi -h' for help."
    exit 2
    ;;
esac
