/* SPDX-License-Identifier: GPL-3.0-or-later */
typedef int ch_placeholder_protocol;
