// The cpp_sdk suite's main: the SDK started once, one fixtures Environment seeded from seed/.
#include "sdk_support.h"

int main(int argc, char** argv) { return cpp_sdk::run_sdk_tests(argc, argv, {DYNEMU_CPP_SDK_SEED_DIR}); }
