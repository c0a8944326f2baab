"""Execution (执行) of a decided penalty: payments, court enforcement, substitute performance,
approved instalments, and the closing gate that reads them."""
