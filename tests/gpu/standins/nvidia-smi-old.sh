#!/bin/sh
# A stand-in nvidia-smi (tests/gpu) from before R510: it does not know the compute_cap field.
case "$*" in
"-q -d COMPUTE")
    cat <<'LOG'
==============NVSMI LOG==============

Timestamp                                 : Tue Mar  1 09:00:00 2022
Driver Version                            : 470.223.02
CUDA Version                              : 11.4

Attached GPUs                             : 1
GPU 00000000:00:1E.0
    Compute Mode                          : Default
LOG
    ;;
"--query-gpu=name,memory.total --format=csv,noheader,nounits")
    echo "Tesla K80, 11441"
    ;;
*)
    echo 'Field "compute_cap" is not a valid field to query.'
    exit 2
    ;;
esac
