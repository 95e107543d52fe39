/* A stand-in libnvidia-ml.so.1 for tests/gpu: the NVML calls envdesk-gpu-probe makes, answering
 * from a fixed table. STANDIN_SEVERAL_DEVICES: three devices instead of one;
 * STANDIN_CUDA_VERSION: the CUDA version (default 12040, "12.4"); STANDIN_INIT_FAILS: nvmlInit
 * fails with NVML_ERROR_DRIVER_NOT_LOADED. */
#include <stdio.h>
#include <string.h>

#ifndef STANDIN_CUDA_VERSION
#define STANDIN_CUDA_VERSION 12040
#endif

#define NVML_SUCCESS 0
#define NVML_ERROR_INVALID_ARGUMENT 2
#define NVML_ERROR_UNINITIALIZED 1
#define NVML_ERROR_DRIVER_NOT_LOADED 9
#define NVML_ERROR_INSUFFICIENT_SIZE 7

struct nvmlDevice_st {
    const char* name;
    unsigned long long memory;
    int major;
    int minor;
};

typedef struct {
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
} nvmlMemory_t;

#define GIB (1024ULL * 1024ULL * 1024ULL)

static struct nvmlDevice_st devices[] = {
#ifdef STANDIN_SEVERAL_DEVICES
    {"Envdesk Stand-in RTX A", 24 * GIB, 8, 6},
    {"Envdesk Stand-in T4", 15 * GIB, 7, 5},
    {"Envdesk Stand-in H100", 80 * GIB, 9, 0},
#else
    {"Envdesk Stand-in GPU", 24 * GIB, 8, 6},
#endif
};

static int initialised = 0;

int nvmlInit_v2(void)
{
#ifdef STANDIN_INIT_FAILS
    return NVML_ERROR_DRIVER_NOT_LOADED;
#else
    initialised = 1;
    return NVML_SUCCESS;
#endif
}

int nvmlShutdown(void)
{
    initialised = 0;
    return NVML_SUCCESS;
}

const char* nvmlErrorString(int result)
{
    switch (result) {
    case NVML_SUCCESS:
        return "Success";
    case NVML_ERROR_DRIVER_NOT_LOADED:
        return "Driver Not Loaded";
    case NVML_ERROR_UNINITIALIZED:
        return "Uninitialized";
    default:
        return "Unknown Error";
    }
}

int nvmlSystemGetCudaDriverVersion_v2(int* version)
{
    if (!initialised) {
        return NVML_ERROR_UNINITIALIZED;
    }
    *version = STANDIN_CUDA_VERSION;
    return NVML_SUCCESS;
}

int nvmlSystemGetDriverVersion(char* version, unsigned int length)
{
    if (!initialised) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (snprintf(version, length, "%s", "550.54.14") >= (int)length) {
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    return NVML_SUCCESS;
}

int nvmlDeviceGetCount_v2(unsigned int* count)
{
    if (!initialised) {
        return NVML_ERROR_UNINITIALIZED;
    }
    *count = (unsigned int)(sizeof devices / sizeof devices[0]);
    return NVML_SUCCESS;
}

int nvmlDeviceGetHandleByIndex_v2(unsigned int index, struct nvmlDevice_st** device)
{
    if (!initialised) {
        return NVML_ERROR_UNINITIALIZED;
    }
    if (index >= sizeof devices / sizeof devices[0]) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    *device = &devices[index];
    return NVML_SUCCESS;
}

int nvmlDeviceGetName(struct nvmlDevice_st* device, char* name, unsigned int length)
{
    if (snprintf(name, length, "%s", device->name) >= (int)length) {
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    return NVML_SUCCESS;
}

int nvmlDeviceGetMemoryInfo(struct nvmlDevice_st* device, nvmlMemory_t* memory)
{
    memory->total = device->memory;
    memory->used = device->memory / 4;
    memory->free = device->memory - memory->used;
    return NVML_SUCCESS;
}

int nvmlDeviceGetCudaComputeCapability(struct nvmlDevice_st* device, int* major, int* minor)
{
    *major = device->major;
    *minor = device->minor;
    return NVML_SUCCESS;
}
