"""Printers: tables, describe, yaml/json/jsonpath/custom-columns, exactly as kubectl prints them."""
