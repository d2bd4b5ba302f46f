/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "ch-server.h"
#include "ch-server-reply.h"

G_BEGIN_DECLS

/* Answers the request @msg for @path (with its @query) of the /v1 API
 * into @reply: checks the method, the token and the chapter, then runs
 * the route. Runs on the database thread (ch-server-worker.c): reads
 * @msg's request, never touches its response. */
void ch_server_routes_handle (ChServer          *self,
                              SoupServerMessage *msg,
                              ChServerReply     *reply,
                              const char        *path,
                              GHashTable        *query);

/* The route of @path for logs and metrics: "health", "me", "changes",
 * "mutations", "metrics" or "other" (a static string). */
const char *ch_server_routes_label (const char *path);

G_END_DECLS
