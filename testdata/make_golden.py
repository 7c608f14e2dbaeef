#!/usr/bin/env python3
"""Writes testdata/golden/: each vector as NAME.bin and, independently of the library, the
JSON that `clusprop decode` must print for it (NAME.json). Value lists are NAME.vlist.bin/.json.

The bytes follow clusprop/FORMAT.md (little-endian, UTF-16LE, 4-byte alignment, zero padding); the JSON
follows clusprop/json_output.h ("value" when the data fits its format, else "hex").

usage: testdata/make_golden.py   (from anywhere; writes beside this script)
"""
import json
import os
import struct

SYNTAX = {
    "ENDMARK": 0x00000000, "NAME": 0x00040003, "RESCLASS": 0x00020002,
    "LIST_VALUE_SZ": 0x00010003, "LIST_VALUE_EXPAND_SZ": 0x00010004,
    "LIST_VALUE_DWORD": 0x00010002, "LIST_VALUE_BINARY": 0x00010001,
    "LIST_VALUE_MULTI_SZ": 0x00010005, "LIST_VALUE_LONG": 0x00010007,
    "LIST_VALUE_EXPANDED_SZ": 0x00010008, "LIST_VALUE_SECURITY_DESCRIPTOR": 0x00010009,
    "LIST_VALUE_LARGE_INTEGER": 0x0001000A, "LIST_VALUE_ULARGE_INTEGER": 0x00010006,
    "LIST_VALUE_WORD": 0x0001000B, "LIST_VALUE_PROPERTY_LIST": 0x0001000E,
    "LIST_VALUE_FILETIME": 0x0001000C, "DISK_SIGNATURE": 0x00050002,
    "SCSI_ADDRESS": 0x00060002, "DISK_NUMBER": 0x00070002, "PARTITION_INFO": 0x00080001,
    "FTSET_INFO": 0x00090001, "DISK_SERIALNUMBER": 0x000A0003, "DISK_GUID": 0x000B0003,
    "DISK_SIZE": 0x000C0006, "PARTITION_INFO_EX": 0x000D0001, "PARTITION_INFO_EX2": 0x000E0001,
    "STORAGE_DEVICE_ID_DESCRIPTOR": 0x000F0001,
}
NAMES = {v: k for k, v in SYNTAX.items()}


def u32(v):
    return struct.pack("<I", v)


def padded(data):
    return data + b"\0" * ((-len(data)) % 4)


def utf16(text):
    return text.encode("utf-16-le") + b"\0\0"


class V:
    """One value: its syntax, its data bytes, and its JSON form."""

    def __init__(self, syntax, data, json_value=None):
        self.syntax = SYNTAX[syntax] if isinstance(syntax, str) else syntax
        self.data = data
        self.json_value = json_value  # None: written as "hex"

    def bytes(self):
        return u32(self.syntax) + u32(len(self.data)) + padded(self.data)

    def json(self):
        out = {"syntax": NAMES.get(self.syntax, "0x%08x" % self.syntax)}
        if self.json_value is None:
            out["hex"] = self.data.hex()
        else:
            out["value"] = self.json_value
        return out


def dword(v, syntax="LIST_VALUE_DWORD"):
    return V(syntax, u32(v), v)


def long(v):
    return V("LIST_VALUE_LONG", struct.pack("<i", v), v)


def word(v):
    return V("LIST_VALUE_WORD", struct.pack("<H", v), v)


def qword(v, syntax):
    fmt = "<q" if syntax == "LIST_VALUE_LARGE_INTEGER" else "<Q"
    return V(syntax, struct.pack(fmt, v), v)


def sz(text, syntax="LIST_VALUE_SZ"):
    return V(syntax, utf16(text), text)


def multi(strings):
    return V("LIST_VALUE_MULTI_SZ", b"".join(utf16(s) for s in strings) + b"\0\0", strings)


def raw(syntax, data):
    return V(syntax, data)


class PList:
    def __init__(self, properties, trailer=True):
        self.properties = properties  # [(name, [V, ...])]
        self.trailer = trailer

    def bytes(self):
        out = u32(len(self.properties))
        for name, values in self.properties:
            out += V("NAME", utf16(name)).bytes() + b"".join(v.bytes() for v in values) + u32(0)
        return out + (u32(0) if self.trailer else b"")

    def json(self):
        return {
            "properties": [{"name": n, "values": [v.json() for v in vs]}
                           for n, vs in self.properties],
            "trailing_endmark": self.trailer,
        }


def nested(plist):
    return V("LIST_VALUE_PROPERTY_LIST", plist.bytes(), plist.json())


VM_SAVE = [("Virtual Machine", [dword(1)])]

VECTORS = {
    "vm_save": PList(VM_SAVE, trailer=False),
    "vm_save_with_trailer": PList(VM_SAVE),
    "empty": PList([]),
    "empty_no_trailer": PList([], trailer=False),
    "windows_shape": PList([
        ("Name", [sz("ab")]), ("Desc", [sz("")]), ("Abc", [dword(7)]),
        ("Path", [sz("%a", "LIST_VALUE_EXPAND_SZ"), sz("x", "LIST_VALUE_EXPANDED_SZ")])]),
    "every_format": PList([
        ("dword", [dword(0xDEADBEEF)]), ("long", [long(-5)]), ("word", [word(0xBEEF)]),
        ("ularge", [qword(0x0102030405060708, "LIST_VALUE_ULARGE_INTEGER")]),
        ("large", [qword(-3, "LIST_VALUE_LARGE_INTEGER")]),
        ("filetime", [qword(132000000000000000, "LIST_VALUE_FILETIME")]),
        ("sz", [sz("h\u00e9llo \U0001F600")]), ("expand", [sz("%SystemRoot%", "LIST_VALUE_EXPAND_SZ")]),
        ("multi", [multi(["a", "bc"])]), ("empty multi", [multi([])]),
        ("binary", [raw("LIST_VALUE_BINARY", b"\1\2\3\4\5")]),
        ("sd", [raw("LIST_VALUE_SECURITY_DESCRIPTOR", b"\1\0\4\x80")]),
        ("nested", [nested(PList([("Inner", [dword(9)])]))]),
        ("user", [raw(0x80008000, b"\x09")]), ("reset", [raw("LIST_VALUE_DWORD", b"")]),
        ("disk", [qword(1 << 40, "DISK_SIZE")])]),
    "nested": PList([("Level1", [nested(PList([
        ("Level2", [nested(PList([("Level3", [dword(3)])])), dword(2)])]))])]),
    "dword_max": PList([("Max", [dword(0xFFFFFFFF)])]),
    "long_min": PList([("Min", [long(-2147483648)])]),
    "word_with_pad": PList([("Word", [word(0xBEEF)])]),
    "ularge_max": PList([("Big", [qword(0xFFFFFFFFFFFFFFFF, "LIST_VALUE_ULARGE_INTEGER")])]),
    "large_min": PList([("Small", [qword(-(1 << 63), "LIST_VALUE_LARGE_INTEGER")])]),
    "filetime_2020": PList([("When", [qword(132223104000000000, "LIST_VALUE_FILETIME")])]),
    "sz_empty": PList([("Description", [sz("")])]),
    "sz_odd_length": PList([("Odd", [sz("abc")]), ("Even", [sz("abcd")])]),
    "expand_pair": PList([("Path", [sz("%windir%\\x", "LIST_VALUE_EXPAND_SZ"),
                                    sz("C:\\Windows\\x", "LIST_VALUE_EXPANDED_SZ")])]),
    "multi_sz": PList([("PossibleOwners", [multi(["NodeA", "NodeB", "N\u00f6de\u00c7"])])]),
    "multi_sz_empty": PList([("Owners", [multi([])])]),
    "binary_odd": PList([("Blob", [raw("LIST_VALUE_BINARY", b"\xde\xad\xbe")])]),
    "security_descriptor": PList([("Security", [raw("LIST_VALUE_SECURITY_DESCRIPTOR",
                                                    bytes(range(20)))])]),
    "three_values": PList([("Three", [sz("%a%", "LIST_VALUE_EXPAND_SZ"),
                                      sz("b", "LIST_VALUE_EXPANDED_SZ"), dword(3)])]),
    "cb0_value": PList([("ResetMe", [raw("LIST_VALUE_DWORD", b"")]),
                        ("ResetText", [raw("LIST_VALUE_SZ", b"")])]),
    "user_syntax": PList([("Vendor", [raw(0x80008000, b"vendor data")])]),
    # A format from the future under a named type: opaque, and valid in strict mode (whose types
    # are the named ones and USER and above).
    "unknown_syntax": PList([("Future", [raw(0x00010017, b"\1\2\3\4\5\6\7\x08")])]),
    # The first USER type with a known format: strict accepts it and reads it as a DWORD.
    "user_type": PList([("Vendor", [dword(7, 0x80000002)])]),
    "non_ascii": PList([("Gr\u00f6\u00dfe", [sz("\u540d\u524d")]),
                        ("\u540d\u524d", [sz("\U0001F600 \U0001F680")]),
                        ("Emoji\U0001F600", [dword(1)])]),
    "name_padding": PList([("Ab", [dword(1)]), ("Abc", [dword(2)]), ("A", [dword(3)]),
                           ("", [dword(4)])]),
    "cluster_common": PList([
        ("FixQuorum", [dword(0)]), ("Description", [sz("")]),
        ("SharedVolumesRoot", [sz("C:\\ClusterStorage")]),
        ("QuorumArbitrationTimeMax", [dword(20)]), ("ClusterName", [sz("CLUSTER1")]),
        ("AdminAccessPoint", [dword(1)]), ("SecurityLevel", [dword(1)])]),
}

VALUE_LISTS = {
    "disk_info": [dword(0x12345678, "DISK_SIGNATURE"), raw("SCSI_ADDRESS", bytes([1, 2, 3, 4])),
                  raw("PARTITION_INFO", b"\1\2\3\4\5")],
    "value_list_mixed": [sz("serial-0042", "DISK_SERIALNUMBER"), dword(7, "DISK_NUMBER"),
                         qword(1 << 34, "DISK_SIZE"), raw("LIST_VALUE_BINARY", b"")],
}

# SCSI_ADDRESS has format DWORD: its 4 bytes are a DWORD value.
VALUE_LISTS["disk_info"][1] = dword(0x04030201, "SCSI_ADDRESS")


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def main():
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")
    os.makedirs(folder, exist_ok=True)
    for name, plist in VECTORS.items():
        write(os.path.join(folder, name + ".bin"), plist.bytes())
        write(os.path.join(folder, name + ".json"),
              (json.dumps(plist.json(), indent=2, ensure_ascii=False) + "\n").encode())
    for name, values in VALUE_LISTS.items():
        write(os.path.join(folder, name + ".vlist.bin"), b"".join(v.bytes() for v in values) + u32(0))
        write(os.path.join(folder, name + ".vlist.json"),
              (json.dumps({"values": [v.json() for v in values]}, indent=2, ensure_ascii=False)
               + "\n").encode())
    print(f"{len(VECTORS)} property lists and {len(VALUE_LISTS)} value lists in {folder}")


if __name__ == "__main__":
    main()
