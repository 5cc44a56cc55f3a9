# SPDX-License-Identifier: GPL-2.0
# Test programs that need building; the *.t scripts find them under build/tests.
DEBIAN_PACKAGES += perl
