/* A stand-in libcuda.so.1 for tests/gpu: the CUDA driver calls envdesk-gpu-probe makes.
 * Default: CUDA 12.2 with two devices. STANDIN_NO_DEVICE: cuInit fails with
 * CUDA_ERROR_NO_DEVICE (CUDA 12.4 still reported). STANDIN_CUINIT_CRASHES: cuInit dereferences a
 * null pointer, a real segmentation fault. STANDIN_CUINIT_HANGS: cuInit never returns (it first
 * writes its process id to $ENVDESK_STANDIN_PID_FILE, so a test can check the process was
 * killed). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define CUDA_SUCCESS 0
#define CUDA_ERROR_INVALID_VALUE 1
#define CUDA_ERROR_NOT_INITIALIZED 3
#define CUDA_ERROR_NO_DEVICE 100
#define CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR 75
#define CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR 76

#define GIB (1024ULL * 1024ULL * 1024ULL)

struct Device {
    const char* name;
    size_t memory;
    int major;
    int minor;
};

static const struct Device devices[] = {
    {"Envdesk Stand-in CUDA 0", 8 * GIB, 7, 5},
    {"Envdesk Stand-in CUDA 1", 16 * GIB, 8, 9},
};
static const int deviceCount = (int)(sizeof devices / sizeof devices[0]);
static int initialised = 0;

int cuInit(unsigned int flags)
{
    (void)flags;
#if defined(STANDIN_CUINIT_CRASHES)
    volatile int* volatile nowhere = NULL;
    *nowhere = 42;
    return CUDA_SUCCESS;
#elif defined(STANDIN_CUINIT_HANGS)
    const char* pidFile = getenv("ENVDESK_STANDIN_PID_FILE");
    if (pidFile != NULL && *pidFile != '\0') {
        FILE* file = fopen(pidFile, "w");
        if (file != NULL) {
            fprintf(file, "%ld\n", (long)getpid());
            fclose(file);
        }
    }
    for (;;) {
        pause();
    }
#elif defined(STANDIN_NO_DEVICE)
    return CUDA_ERROR_NO_DEVICE;
#else
    initialised = 1;
    return CUDA_SUCCESS;
#endif
}

int cuGetErrorName(int error, const char** name)
{
    switch (error) {
    case CUDA_SUCCESS:
        *name = "CUDA_SUCCESS";
        return CUDA_SUCCESS;
    case CUDA_ERROR_NO_DEVICE:
        *name = "CUDA_ERROR_NO_DEVICE";
        return CUDA_SUCCESS;
    case CUDA_ERROR_NOT_INITIALIZED:
        *name = "CUDA_ERROR_NOT_INITIALIZED";
        return CUDA_SUCCESS;
    default:
        return CUDA_ERROR_INVALID_VALUE;
    }
}

int cuDriverGetVersion(int* version)
{
#if defined(STANDIN_NO_DEVICE)
    *version = 12040;
#else
    *version = 12020;
#endif
    return CUDA_SUCCESS;
}

int cuDeviceGetCount(int* count)
{
    if (!initialised) {
        return CUDA_ERROR_NOT_INITIALIZED;
    }
    *count = deviceCount;
    return CUDA_SUCCESS;
}

int cuDeviceGet(int* device, int ordinal)
{
    if (!initialised) {
        return CUDA_ERROR_NOT_INITIALIZED;
    }
    if (ordinal < 0 || ordinal >= deviceCount) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    *device = ordinal;
    return CUDA_SUCCESS;
}

int cuDeviceGetName(char* name, int length, int device)
{
    if (device < 0 || device >= deviceCount || length <= 0) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    snprintf(name, (size_t)length, "%s", devices[device].name);
    return CUDA_SUCCESS;
}

int cuDeviceTotalMem_v2(size_t* bytes, int device)
{
    if (device < 0 || device >= deviceCount) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    *bytes = devices[device].memory;
    return CUDA_SUCCESS;
}

int cuDeviceGetAttribute(int* value, int attribute, int device)
{
    if (device < 0 || device >= deviceCount) {
        return CUDA_ERROR_INVALID_VALUE;
    }
    switch (attribute) {
    case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR:
        *value = devices[device].major;
        return CUDA_SUCCESS;
    case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR:
        *value = devices[device].minor;
        return CUDA_SUCCESS;
    default:
        return CUDA_ERROR_INVALID_VALUE;
    }
}
