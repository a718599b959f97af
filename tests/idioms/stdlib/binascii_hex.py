import binascii

from smartstream import smartstream, Record


@smartstream.map
def map(record: Record):
    checksum = binascii.crc32(record.value) & 0xFFFFFFFF
    return record.key, f"{binascii.hexlify(record.value, ' ').decode()} crc={checksum:08x}"
