#include "site.h"
