/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "ch-server.h"

G_BEGIN_DECLS

/* Answers the request @msg for @path (with its @query) of the /v1 API:
 * checks the method, the token and the chapter, then runs the route. */
void ch_server_routes_handle (ChServer          *self,
                              SoupServerMessage *msg,
                              const char        *path,
                              GHashTable        *query);

G_END_DECLS
