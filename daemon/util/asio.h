// The one place Asio is included: Boost 1.74's awaitable.hpp misses
// <utility> under GCC 12, so it must come first.
#pragma once

// clang-format off
#include <utility>
#include <boost/asio.hpp>
// clang-format on

namespace asio = boost::asio;
