// CBLAS from Debian's libopenblas-dev, which installs cblas.h under the multiarch include path.
#include <cblas.h>
