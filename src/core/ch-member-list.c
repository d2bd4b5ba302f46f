/* SPDX-License-Identifier: GPL-3.0-or-later */
typedef int ch_placeholder_ch_member_list;
