/* SPDX-License-Identifier: GPL-2.0 */
/* `uvmm devices [list|bind BDF|unbind BDF]` (argv[0] is "devices"). */
#ifndef UVMM_DEVICES_CMD_H
#define UVMM_DEVICES_CMD_H

int uvmm_devices_main(int argc, char **argv);

#endif
