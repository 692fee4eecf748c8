"""A catalogue of hostile DynamoDB requests and the answers DynamoDB gives them.

Each entry is a dict:
    name      unique, says what is hostile about the request
    op        the operation named in X-Amz-Target (None: no X-Amz-Target header)
    body      the raw request body (bytes)
    headers   header overrides ({"Content-Type": None} leaves a header out)
    status    the expected HTTP status
    type      the expected __type (None: a successful answer)
    message   the exact expected message, or None when only the type is checked
    prefix    instead of message: what the message must start with
    suffix    and/or what it must end with (for messages that quote a long request value)
    writes    True when the request is expected to succeed and write (only on the scratch table)

test_hostile_catalogue.py sends every entry to a server holding SEEDED (the seeded table, which no
entry may change) and SCRATCH (where the few expected successes write), then checks that the
server is alive and SEEDED's scan is what it was.

Where the expected answers come from:
- Wrong JSON types: DynamoDB's Java deserializer answers SerializationException with Jackson's
  wording ("NUMBER_VALUE cannot be converted to String", "Start of structure or map found where not
  expected", "Unrecognized collection type class java.lang.String", "Unexpected field type",
  "Unexpected value type in payload", "Unexpected token received from parser"); the same texts
  dynemu's api/request_shape.cc documents, first recorded by dynalite against real DynamoDB.
- Base64: "Base64 encoded length is expected a multiple of 4 bytes but found: N",
  "Invalid Base64 character dectected" (sic), "Invalid last non-pad Base64 character dectected".
- Numbers (API reference, Data types / Number): 38 significant digits, magnitudes 1E-130 to
  9.9999999999999999999999999999999999999E+125, with the messages "Attempting to store more than
  38 significant digits in a Number", "Number overflow. ...", "Number underflow. ...",
  "The parameter cannot be converted to a numeric value: X".
- Nesting: 32 levels (Developer Guide, Service quotas: "DynamoDB supports nested attributes up to 32
  levels deep"), "Nesting Levels have exceeded supported limits: ..." as real DynamoDB words it.
- Expressions: 4 KB per expression string (Developer Guide, Expression parameters quotas),
  "Invalid <Kind>Expression: Expression size has exceeded the maximum allowed size; expression size: N".
- Constraint errors: "1 validation error detected: Value 'V' at 'member' failed to satisfy
  constraint: Member must ..." with the constraints of the API reference (TableName 3..255 and
  [a-zA-Z0-9_.-]+, Limit >= 1, ListTables Limit <= 100, Segment 0..999999, TotalSegments 1..1000000).
- Keys, sets and attribute values: the ValidationException texts DynamoDB answers for them
  ("The provided key element does not match the schema", "Type mismatch for key ...",
  "An string set  may not be empty" (sic, two spaces), "Input collection [a, a] contains duplicates.",
  "Supplied AttributeValue is empty, ...", "... more than one datatypes set, ...").
- Duplicate JSON object keys: Jackson keeps the last value of a repeated member; DynamoDB acts on it.
- Content-Type: DynamoDB serves only application/x-amz-json-1.0 and application/json (with or without
  parameters such as charset); another type is answered 404 (rusoto#215: application/x-amz-json-1.1
  got "404 Page Not Found"). dynemu answers that 404 as UnknownOperationException so SDKs can read it.
"""

import json

SER = "com.amazon.coral.service#SerializationException"
VAL = "com.amazon.coral.validate#ValidationException"
UNKNOWN_OP = "com.amazon.coral.service#UnknownOperationException"
MISSING_AUTH = "com.amazon.coral.service#MissingAuthenticationTokenException"
DDB = "com.amazonaws.dynamodb.v20120810#"
NOT_FOUND = DDB + "ResourceNotFoundException"

SEEDED = "HostileSeeded"
SCRATCH = "HostileScratch"
MODEL = "com.amazonaws.dynamodb.v20120810."
AV_MAP = "java.util.Map<java.lang.String, " + MODEL + "AttributeValue>"
NEST_MSG = ("Nesting Levels have exceeded supported limits: "
            "Attributes in the item have nested levels beyond supported limit")
KEY_SCHEMA_MSG = "The provided key element does not match the schema"
NAME_PATTERN = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"

# The seeded table's items: hash key "pk" (S), a counter and some nested data.
SEEDED_ITEMS = [
    {"pk": {"S": "item%02d" % i}, "n": {"N": str(i * 7)}, "tags": {"SS": ["a", "b%d" % i]},
     "doc": {"M": {"l": {"L": [{"N": "1.5"}, {"S": "x"}, {"NULL": True}]}, "bin": {"B": "AAEC"}}}}
    for i in range(20)
]


def dumps(value):
    return json.dumps(value, separators=(",", ":")).encode("utf-8")


def nested_map(depth, leaf):
    return {"M": {"a": nested_map(depth - 1, leaf)}} if depth > 0 else leaf


def nested_list(depth, leaf):
    return {"L": [nested_list(depth - 1, leaf)]} if depth > 0 else leaf


class Catalogue:
    def __init__(self):
        self.entries = []

    def add(self, name, op, body, status=400, type=None, message=None, prefix=None, headers=None, writes=False,
            suffix=None):
        if not isinstance(body, bytes):
            body = dumps(body)
        assert all(e["name"] != name for e in self.entries), "duplicate catalogue name " + name
        assert status == 200 or type is not None, name
        self.entries.append({"name": name, "op": op, "body": body, "headers": headers or {}, "status": status,
                             "type": type, "message": message, "prefix": prefix, "suffix": suffix,
                             "writes": writes})

    def ser(self, name, op, body, message):
        self.add(name, op, body, type=SER, message=message)

    def val(self, name, op, body, message=None, prefix=None, suffix=None):
        self.add(name, op, body, type=VAL, message=message, prefix=prefix, suffix=suffix)


def constraint(value, member, rule):
    return "1 validation error detected: Value %s at '%s' failed to satisfy constraint: Member must %s" % (
        value, member, rule)


# --- wrong JSON types ---------------------------------------------------------------------------
# What each declared type answers for each wrong JSON value (Jackson's words).
START_OF_MAP = "Start of structure or map found where not expected"


def scalar_wrongs(java_type):
    wrongs = {
        "number": (5, "NUMBER_VALUE cannot be converted to " + java_type),
        "decimal": (1.5, "DECIMAL_VALUE cannot be converted to " + java_type),
        "true": (True, "TRUE_VALUE cannot be converted to " + java_type),
        "false": (False, "FALSE_VALUE cannot be converted to " + java_type),
        "string": ("5", "STRING_VALUE cannot be converted to " + java_type),
        "object": ({"a": 1}, START_OF_MAP),
        "array": (["x"], "Unrecognized collection type class java.lang." + java_type),
    }
    if java_type == "Boolean":
        wrongs["string"] = ("true", "Unexpected token received from parser")
        del wrongs["true"], wrongs["false"]
    else:
        del wrongs[{"String": "string", "Integer": "number", "Long": "number"}[java_type]]
    return wrongs


def av_map_wrongs():
    return {"string": ("x", "Unexpected field type"), "number": (5, "Unexpected field type"),
            "array": ([{"S": "x"}], "Unrecognized collection type " + AV_MAP)}


def struct_wrongs(struct):
    return {"string": ("x", "Unexpected field type"), "number": (3, "Unexpected field type"),
            "array": ([{}], "Unrecognized collection type class " + MODEL + struct)}


def list_wrongs():
    return {"string": ("x", "Unexpected field type"), "object": ({"a": "b"}, START_OF_MAP),
            "true": (True, "Unexpected field type")}


# (operation, a valid base request, {member: wrongs}) — each member's wrong values are sent with
# the rest of the base request, so the wrong type is the request's first problem.
def wrong_type_matrix():
    key = {"pk": {"S": "item01"}}
    s, i, b, l = scalar_wrongs("String"), scalar_wrongs("Integer"), scalar_wrongs("Boolean"), scalar_wrongs("Long")
    return [
        ("GetItem", {"TableName": SEEDED, "Key": key},
         {"TableName": s, "Key": av_map_wrongs(), "ConsistentRead": b, "ProjectionExpression": s,
          "ReturnConsumedCapacity": s}),
        ("PutItem", {"TableName": SEEDED, "Item": key},
         {"TableName": s, "Item": av_map_wrongs(), "ConditionExpression": s, "ReturnValues": s,
          "ExpressionAttributeValues": av_map_wrongs()}),
        ("UpdateItem", {"TableName": SEEDED, "Key": key, "UpdateExpression": "SET n = :v"},
         {"TableName": s, "Key": av_map_wrongs(), "UpdateExpression": s, "ExpressionAttributeValues": av_map_wrongs(),
          "ReturnValues": s}),
        ("DeleteItem", {"TableName": SEEDED, "Key": key},
         {"TableName": s, "Key": av_map_wrongs(), "ConditionExpression": s, "ReturnItemCollectionMetrics": s}),
        ("Query", {"TableName": SEEDED, "KeyConditionExpression": "pk = :p"},
         {"TableName": s, "KeyConditionExpression": s, "Limit": i, "ScanIndexForward": b, "ConsistentRead": b,
          "ExclusiveStartKey": av_map_wrongs(), "IndexName": s, "Select": s}),
        ("Scan", {"TableName": SEEDED},
         {"TableName": s, "Limit": i, "Segment": i, "TotalSegments": i, "FilterExpression": s, "ConsistentRead": b}),
        ("DescribeTable", {"TableName": SEEDED}, {"TableName": s}),
        ("DeleteTable", {"TableName": SEEDED}, {"TableName": s}),
        ("ListTables", {}, {"ExclusiveStartTableName": s, "Limit": i}),
        ("CreateTable", {"TableName": "NeverCreated"},
         {"TableName": s, "BillingMode": s, "AttributeDefinitions": list_wrongs(), "KeySchema": list_wrongs(),
          "ProvisionedThroughput": struct_wrongs("ProvisionedThroughput")}),
        ("UpdateTable", {"TableName": SEEDED},
         {"TableName": s, "BillingMode": s, "ProvisionedThroughput": struct_wrongs("ProvisionedThroughput")}),
        ("TransactWriteItems", {}, {"TransactItems": list_wrongs(), "ClientRequestToken": s}),
        ("TransactGetItems", {}, {"TransactItems": list_wrongs(), "ReturnConsumedCapacity": s}),
        ("ExecuteStatement", {"Statement": "SELECT * FROM " + SEEDED},
         {"Statement": s, "ConsistentRead": b, "Limit": i, "Parameters": list_wrongs()}),
        ("DescribeTimeToLive", {"TableName": SEEDED}, {"TableName": s}),
        ("ListTagsOfResource", {"ResourceArn": "arn"}, {"ResourceArn": s}),
    ]


def add_wrong_types(c):
    for op, base, members in wrong_type_matrix():
        for member, wrongs in members.items():
            for label, (value, message) in wrongs.items():
                body = dict(base)
                body[member] = value
                c.ser("%s.%s is %s" % (op, member, label), op, body, message)
    # A ProvisionedThroughput member of the wrong type, a level down.
    for label, (value, message) in scalar_wrongs("Long").items():
        c.ser("CreateTable.ProvisionedThroughput.ReadCapacityUnits is " + label, "CreateTable",
              {"TableName": "NeverCreated", "ProvisionedThroughput": {"ReadCapacityUnits": value}}, message)
    # List elements and their members.
    element_cases = [
        ("CreateTable", "KeySchema", "KeySchemaElement", {"TableName": "NeverCreated"}),
        ("CreateTable", "AttributeDefinitions", "AttributeDefinition", {"TableName": "NeverCreated"}),
        ("TransactWriteItems", "TransactItems", "TransactWriteItem", {}),
        ("TransactGetItems", "TransactItems", "TransactGetItem", {}),
    ]
    for op, member, struct, base in element_cases:
        body = dict(base, **{member: ["x"]})
        c.ser("%s.%s[0] is a string" % (op, member), op, body, "Unexpected value type in payload")
        body = dict(base, **{member: [[]]})
        c.ser("%s.%s[0] is an array" % (op, member), op, body, "Unrecognized collection type class " + MODEL + struct)
    c.ser("CreateTable.KeySchema[0].AttributeName is a number", "CreateTable",
          {"TableName": "NeverCreated", "KeySchema": [{"AttributeName": 7, "KeyType": "HASH"}]},
          "NUMBER_VALUE cannot be converted to String")
    c.ser("CreateTable.KeySchema[0].KeyType is an object", "CreateTable",
          {"TableName": "NeverCreated", "KeySchema": [{"AttributeName": "pk", "KeyType": {}}]}, START_OF_MAP)
    c.ser("TransactWriteItems.TransactItems[0].Put is a string", "TransactWriteItems",
          {"TransactItems": [{"Put": "x"}]}, "Unexpected field type")
    c.ser("TransactWriteItems.TransactItems[0].Put.Item is an array", "TransactWriteItems",
          {"TransactItems": [{"Put": {"TableName": SEEDED, "Item": []}}]}, "Unrecognized collection type " + AV_MAP)
    c.ser("TransactGetItems.TransactItems[0].Get.Key.pk.S is a number", "TransactGetItems",
          {"TransactItems": [{"Get": {"TableName": SEEDED, "Key": {"pk": {"S": 1}}}}]},
          "NUMBER_VALUE cannot be converted to String")
    c.ser("BatchGetItem.RequestItems is an array", "BatchGetItem", {"RequestItems": []},
          "Unrecognized collection type java.util.Map<java.lang.String, " + MODEL + "KeysAndAttributes>")
    c.ser("BatchGetItem.RequestItems.T is a string", "BatchGetItem", {"RequestItems": {SEEDED: "x"}},
          "Unexpected value type in payload")
    c.ser("BatchGetItem.RequestItems.T.Keys is an object", "BatchGetItem",
          {"RequestItems": {SEEDED: {"Keys": {"pk": {"S": "a"}}}}}, START_OF_MAP)
    c.ser("BatchGetItem.RequestItems.T.ConsistentRead is a string", "BatchGetItem",
          {"RequestItems": {SEEDED: {"Keys": [{"pk": {"S": "a"}}], "ConsistentRead": "yes"}}},
          "Unexpected token received from parser")
    c.ser("BatchWriteItem.RequestItems.T is a string", "BatchWriteItem", {"RequestItems": {SEEDED: "x"}},
          "Unexpected field type")
    c.ser("BatchWriteItem.RequestItems.T[0] is a number", "BatchWriteItem", {"RequestItems": {SEEDED: [1]}},
          "Unexpected value type in payload")
    c.ser("BatchWriteItem.RequestItems.T[0].PutRequest.Item is a string", "BatchWriteItem",
          {"RequestItems": {SEEDED: [{"PutRequest": {"Item": "x"}}]}}, "Unexpected field type")


# --- attribute values ---------------------------------------------------------------------------
def add_attribute_values(c):
    def put(name, value, **expect):
        item = {"pk": {"S": "never-written"}, "v": value}
        if "message" in expect and expect.get("type", SER) == SER and "type" not in expect:
            expect["type"] = SER
        c.add("PutItem value " + name, "PutItem", {"TableName": SEEDED, "Item": item}, **expect)

    ser = lambda name, value, message: put(name, value, type=SER, message=message)
    ser("is a string", "x", "Unexpected value type in payload")
    ser("is an array", [], "Unrecognized collection type class " + MODEL + "AttributeValue")
    ser("S is a number", {"S": 5}, "NUMBER_VALUE cannot be converted to String")
    ser("S is an object", {"S": {}}, START_OF_MAP)
    ser("N is a JSON number", {"N": 5}, "NUMBER_VALUE cannot be converted to String")
    ser("N is a JSON decimal", {"N": 1.25}, "DECIMAL_VALUE cannot be converted to String")
    ser("BOOL is a string", {"BOOL": "true"}, "Unexpected token received from parser")
    ser("BOOL is a number", {"BOOL": 1}, "NUMBER_VALUE cannot be converted to Boolean")
    ser("NULL is a string", {"NULL": "true"}, "Unexpected token received from parser")
    ser("L is an object", {"L": {"a": {"S": "x"}}}, START_OF_MAP)
    ser("L is a string", {"L": "x"}, "Unexpected field type")
    ser("L element is a string", {"L": ["x"]}, "Unexpected value type in payload")
    ser("M is an array", {"M": []}, "Unrecognized collection type " + AV_MAP)
    ser("M is a string", {"M": "x"}, "Unexpected field type")
    ser("SS is a string", {"SS": "x"}, "Unexpected field type")
    ser("SS element is a number", {"SS": [1]}, "NUMBER_VALUE cannot be converted to String")
    ser("NS element is a number", {"NS": [1]}, "NUMBER_VALUE cannot be converted to String")
    ser("B is a number", {"B": 5}, "only base-64-encoded strings are convertible to bytes")
    ser("B is an object", {"B": {}}, START_OF_MAP)
    ser("B is an array", {"B": []}, "Unrecognized collection type class java.nio.ByteBuffer")
    # Invalid base64, in B, in BS and in a key.
    for label, text, message in [
        ("of length 3", "abc", "Base64 encoded length is expected a multiple of 4 bytes but found: 3"),
        ("of length 5", "abcde", "Base64 encoded length is expected a multiple of 4 bytes but found: 5"),
        ("with '!'", "ab!d", "Invalid Base64 character dectected"),
        ("with a space", "ab d", "Invalid Base64 character dectected"),
        ("with a URL-safe '-'", "ab-d", "Invalid Base64 character dectected"),
        ("with padding inside", "a=bc", "Invalid Base64 character dectected"),
        ("with three pads", "a===", "Invalid Base64 character dectected"),
        ("with non-zero trailing bits", "AB==", "Invalid last non-pad Base64 character dectected"),
        ("with non-zero trailing bits (one pad)", "AAB=", "Invalid last non-pad Base64 character dectected"),
        ("of only padding", "====", "Invalid Base64 character dectected"),
    ]:
        ser("B " + label, {"B": text}, message)
        ser("BS element " + label, {"BS": ["AAAA", text]}, message)
    # Values DynamoDB refuses in validation.
    val = lambda name, value, message: put(name, value, type=VAL, message=message)
    val("is empty", {}, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
    val("has two types", {"S": "a", "N": "1"},
        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes")
    val("has three types", {"S": "a", "N": "1", "BOOL": True},
        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes")
    val("NULL false", {"NULL": False},
        "One or more parameter values were invalid: Null attribute value types must have the value of true")
    val("SS empty", {"SS": []}, "One or more parameter values were invalid: An string set  may not be empty")
    val("NS empty", {"NS": []}, "One or more parameter values were invalid: An number set  may not be empty")
    val("SS duplicates", {"SS": ["a", "a"]},
        "One or more parameter values were invalid: Input collection [a, a] contains duplicates.")
    val("NS numerically equal", {"NS": ["1", "1.0"]}, "Input collection contains duplicates")
    # Numbers: DynamoDB's precision and range.
    for label, text, message in [
        ("of 39 digits", "1" * 39, "Attempting to store more than 38 significant digits in a Number"),
        ("of 39 digits after the point", "0." + "1" * 39, "Attempting to store more than 38 significant digits in a Number"),
        ("of 39 digits with an exponent", "1." + "2" * 38 + "E5", "Attempting to store more than 38 significant digits in a Number"),
        ("1E+126", "1E+126", "Number overflow. Attempting to store a number with magnitude larger than supported range"),
        ("-1E+126", "-1E+126", "Number overflow. Attempting to store a number with magnitude larger than supported range"),
        # An exponent past a Java int cannot even be read as a BigDecimal: not a number at all.
        ("1E+999999999999", "1E+999999999999", "The parameter cannot be converted to a numeric value: 1E+999999999999"),
        ("1E-131", "1E-131", "Number underflow. Attempting to store a number with magnitude smaller than supported range"),
        ("-9E-131", "-9E-131", "Number underflow. Attempting to store a number with magnitude smaller than supported range"),
        ("1E-999999999999", "1E-999999999999", "The parameter cannot be converted to a numeric value: 1E-999999999999"),
        ("abc", "abc", "The parameter cannot be converted to a numeric value: abc"),
        ("NaN", "NaN", "The parameter cannot be converted to a numeric value: NaN"),
        ("Infinity", "Infinity", "The parameter cannot be converted to a numeric value: Infinity"),
        ("hex", "0x10", "The parameter cannot be converted to a numeric value: 0x10"),
        ("two signs", "--1", "The parameter cannot be converted to a numeric value: --1"),
        ("two points", "1.2.3", "The parameter cannot be converted to a numeric value: 1.2.3"),
        ("a bare exponent", "1e", "The parameter cannot be converted to a numeric value: 1e"),
    ]:
        val("N " + label, {"N": text}, message)
    val("NS element 1E+126", {"NS": ["1", "1E+126"]},
        "Number overflow. Attempting to store a number with magnitude larger than supported range")
    # Nesting: 32 levels is the limit.
    val("M nested 32 levels", nested_map(32, {"S": "leaf"}), NEST_MSG)
    val("L nested 32 levels", nested_list(32, {"S": "leaf"}), NEST_MSG)
    c.add("PutItem value M nested 5000 levels", "PutItem",
          ('{"TableName":"%s","Item":{"pk":{"S":"never-written"},"v":' % SEEDED + '{"M":{"a":' * 5000 + '{"S":"x"}'
           + "}}" * 5000 + "}}").encode(), type=VAL, message=NEST_MSG)
    val("L and M nested 40 levels", nested_list(20, nested_map(20, {"N": "1"})), NEST_MSG)


# --- keys -----------------------------------------------------------------------------------------
def add_keys(c):
    for op in ("GetItem", "DeleteItem"):
        # A Key (unlike an Item) of the wrong type does not match the schema at all.
        c.val(op + " key of the wrong type", op, {"TableName": SEEDED, "Key": {"pk": {"N": "1"}}}, KEY_SCHEMA_MSG)
        c.val(op + " key missing its attribute", op, {"TableName": SEEDED, "Key": {}}, KEY_SCHEMA_MSG)
        c.val(op + " key with an extra attribute", op,
              {"TableName": SEEDED, "Key": {"pk": {"S": "item01"}, "other": {"S": "x"}}}, KEY_SCHEMA_MSG)
        c.val(op + " key of another name", op, {"TableName": SEEDED, "Key": {"PK": {"S": "item01"}}}, KEY_SCHEMA_MSG)
        c.val(op + " empty string key", op, {"TableName": SEEDED, "Key": {"pk": {"S": ""}}},
              "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
              "an empty string value. Key: pk")
        c.val(op + " hash key over 2048 bytes", op, {"TableName": SEEDED, "Key": {"pk": {"S": "k" * 2049}}},
              "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes")
    c.val("PutItem item without its key", "PutItem", {"TableName": SEEDED, "Item": {"n": {"N": "1"}}},
          "One or more parameter values were invalid: Missing the key pk in the item")
    c.val("PutItem key as a set", "PutItem", {"TableName": SEEDED, "Item": {"pk": {"SS": ["a"]}}},
          "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: SS")
    c.add("GetItem on a table that does not exist", "GetItem", {"TableName": "NoSuchTable", "Key": {"pk": {"S": "a"}}},
          type=NOT_FOUND, message="Requested resource not found")


# --- names: table names, invalid UTF-8, NUL bytes -------------------------------------------------
def add_names(c):
    for label, name in [("empty", ""), ("of 2 characters", "ab")]:
        pass
    c.val("DescribeTable name of 2 characters", "DescribeTable", {"TableName": "ab"},
          constraint("'ab'", "tableName", "have length greater than or equal to 3"))
    c.val("DescribeTable name of 256 characters", "DescribeTable", {"TableName": "a" * 256},
          constraint("'%s'" % ("a" * 256), "tableName", "have length less than or equal to 255"))
    c.val("DescribeTable name with a space", "DescribeTable", {"TableName": "bad name"},
          constraint("'bad name'", "tableName", "satisfy regular expression pattern: [a-zA-Z0-9_.-]+"))
    c.val("DescribeTable name with a NUL", "DescribeTable", {"TableName": "Hostile\u0000Seeded"},
          constraint("'Hostile\u0000Seeded'", "tableName", "satisfy regular expression pattern: [a-zA-Z0-9_.-]+"))
    c.val("DescribeTable name with a slash", "DescribeTable", {"TableName": "../etc"},
          constraint("'../etc'", "tableName", "satisfy regular expression pattern: [a-zA-Z0-9_.-]+"))
    c.val("DescribeTable name with non-ASCII letters", "DescribeTable", {"TableName": "t\u00e9ble"},
          constraint("'t\u00e9ble'", "tableName", "satisfy regular expression pattern: [a-zA-Z0-9_.-]+"))
    c.val("DescribeTable name missing", "DescribeTable", {},
          constraint("null", "tableName", "not be null"))
    c.val("DescribeTable name null", "DescribeTable", {"TableName": None},
          constraint("null", "tableName", "not be null"))
    # Invalid UTF-8 fails in deserialization, wherever it is.
    for label, body in [
        ("in a table name", b'{"TableName":"\xff\xfe"}'),
        ("as a truncated sequence", b'{"TableName":"ab\xc3"}'),
        ("as an overlong encoding", b'{"TableName":"\xc0\xaf"}'),
        ("as an encoded surrogate", b'{"TableName":"\xed\xa0\x80"}'),
        ("in a member name", b'{"\xff":1}'),
        ("in a key value", b'{"TableName":"' + SEEDED.encode() + b'","Key":{"pk":{"S":"\xc3\x28"}}}'),
        ("in an attribute name", b'{"TableName":"' + SEEDED.encode() + b'","Key":{"\xf8\x88\x80\x80\x80":{"S":"a"}}}'),
        ("past U+10FFFF", b'{"TableName":"\xf4\x90\x80\x80"}'),
    ]:
        op = "GetItem" if b"Key" in body else "DescribeTable"
        c.add("invalid UTF-8 " + label, op, body, type=SER)
    # A raw NUL byte (or another control character) inside a JSON string is not JSON.
    c.add("raw NUL inside a string", "DescribeTable", b'{"TableName":"Hostile\x00Seeded"}', type=SER)
    c.add("raw newline inside a string", "DescribeTable", b'{"TableName":"Hostile\nSeeded"}', type=SER)
    c.add("NUL after the JSON", "DescribeTable", dumps({"TableName": SEEDED}) + b"\x00", type=SER)
    c.add("second JSON value after the first", "DescribeTable", dumps({"TableName": SEEDED}) + b"{}", type=SER)
    c.add("NUL before the JSON", "DescribeTable", b"\x00" + dumps({"TableName": SEEDED}), type=SER)
    # Jackson detects and skips a UTF-8 byte order mark.
    c.add("UTF-8 byte order mark before the JSON is skipped", "ListTables", b"\xef\xbb\xbf{}", status=200)
    # Escaped NULs are ordinary characters in values and names: written and read back.
    c.add("escaped NUL in a string value is stored", "PutItem",
          {"TableName": SCRATCH, "Item": {"pk": {"S": "nul\u0000key"}, "v": {"S": "a\u0000b"}, "n\u0000m": {"N": "1"}}},
          status=200, writes=True)


# --- expressions ----------------------------------------------------------------------------------
def add_expressions(c):
    big = "a = :v AND " * 400
    cases = [
        ("PutItem", "ConditionExpression", {"TableName": SEEDED, "Item": {"pk": {"S": "x"}}}),
        ("DeleteItem", "ConditionExpression", {"TableName": SEEDED, "Key": {"pk": {"S": "x"}}}),
        ("UpdateItem", "UpdateExpression", {"TableName": SEEDED, "Key": {"pk": {"S": "x"}}}),
        ("UpdateItem", "ConditionExpression", {"TableName": SEEDED, "Key": {"pk": {"S": "x"}}, "UpdateExpression": "SET a = :v"}),
        ("GetItem", "ProjectionExpression", {"TableName": SEEDED, "Key": {"pk": {"S": "x"}}}),
        ("Scan", "FilterExpression", {"TableName": SEEDED}),
        ("Scan", "ProjectionExpression", {"TableName": SEEDED}),
        ("Query", "KeyConditionExpression", {"TableName": SEEDED}),
        ("Query", "FilterExpression", {"TableName": SEEDED, "KeyConditionExpression": "pk = :v"}),
    ]
    for op, member, base in cases:
        kind = member.replace("Expression", "")
        text = ("SET " + ", ".join("a%d = :v" % i for i in range(600))) if member == "UpdateExpression" else (
            ", ".join("a%d" % i for i in range(800)) if member == "ProjectionExpression" else big + "a = :v")
        text = text[:4097] if len(text) >= 4097 else text
        assert len(text) == 4097, (member, len(text))
        body = dict(base, **{member: text})
        if member != "ProjectionExpression":
            body["ExpressionAttributeValues"] = {":v": {"S": "x"}}
        c.val("%s %s of 4097 bytes" % (op, member), op, body,
              "Invalid %sExpression: Expression size has exceeded the maximum allowed size; expression size: 4097" % kind)
    c.val("Scan FilterExpression of 1 MB", "Scan",
          {"TableName": SEEDED, "FilterExpression": "a = :v OR " * 100000 + "a = :v",
           "ExpressionAttributeValues": {":v": {"S": "x"}}},
          prefix="Invalid FilterExpression: Expression size has exceeded the maximum allowed size; expression size: ")
    # Deeply parenthesised and deeply nested paths must be refused, not recursed on without bound.
    c.val("Scan FilterExpression of 2000 parentheses", "Scan",
          {"TableName": SEEDED, "FilterExpression": "(" * 2000 + "a = :v" + ")" * 2000,
           "ExpressionAttributeValues": {":v": {"S": "x"}}},
          "Invalid FilterExpression: The expression has redundant parentheses;")
    c.val("Scan FilterExpression of 1100 NOTs", "Scan",
          {"TableName": SEEDED, "FilterExpression": "NOT " * 1100 + "a = :v",
           "ExpressionAttributeValues": {":v": {"S": "x"}}},
          prefix="Invalid FilterExpression: Expression size has exceeded the maximum allowed size")
    c.val("UpdateItem unused value", "UpdateItem",
          {"TableName": SEEDED, "Key": {"pk": {"S": "item01"}}, "UpdateExpression": "SET n = :a",
           "ExpressionAttributeValues": {":a": {"N": "1"}, ":unused": {"N": "2"}}},
          "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}")
    c.val("UpdateItem undefined value", "UpdateItem",
          {"TableName": SEEDED, "Key": {"pk": {"S": "item01"}}, "UpdateExpression": "SET n = :nope"},
          "Invalid UpdateExpression: An expression attribute value used in expression is not defined; "
          "attribute value: :nope")
    c.val("UpdateItem SET overflows the counter", "UpdateItem",
          {"TableName": SEEDED, "Key": {"pk": {"S": "item01"}}, "UpdateExpression": "SET n = :big + :big",
           "ExpressionAttributeValues": {":big": {"N": "9.9999999999999999999999999999999999999E+125"}}},
          "Number overflow. Attempting to store a number with magnitude larger than supported range")
    c.val("UpdateItem SET loses precision", "UpdateItem",
          {"TableName": SEEDED, "Key": {"pk": {"S": "item01"}}, "UpdateExpression": "SET n = n + :tiny",
           "ExpressionAttributeValues": {":tiny": {"N": "1E-100"}}},
          "Attempting to store more than 38 significant digits in a Number")
    c.val("ExpressionAttributeValues value of 39 digits", "Scan",
          {"TableName": SEEDED, "FilterExpression": "n = :v", "ExpressionAttributeValues": {":v": {"N": "9" * 39}}},
          "ExpressionAttributeValues contains invalid value: Attempting to store more than 38 significant digits in a "
          "Number for key :v")
    c.val("ExpressionAttributeValues nested 33 levels", "Scan",
          {"TableName": SEEDED, "FilterExpression": "doc = :v",
           "ExpressionAttributeValues": {":v": nested_map(33, {"S": "x"})}},
          "ExpressionAttributeValues contains invalid value: " + NEST_MSG + " for key :v")


# --- limits, segments and big maps ---------------------------------------------------------------
def add_limits(c):
    for op, base in (("Scan", {"TableName": SEEDED}),
                     ("Query", {"TableName": SEEDED, "KeyConditionExpression": "pk = :p",
                                "ExpressionAttributeValues": {":p": {"S": "item01"}}})):
        for limit in (0, -1, -2147483648):
            c.val("%s Limit %d" % (op, limit), op, dict(base, Limit=limit),
                  constraint("'%d'" % limit, "limit", "have value greater than or equal to 1"))
        c.add("%s Limit 2147483647 is fine" % op, op, dict(base, Limit=2147483647), status=200)
    c.val("ListTables Limit 101", "ListTables", {"Limit": 101},
          constraint("'101'", "limit", "have value less than or equal to 100"))
    c.val("ListTables Limit 0", "ListTables", {"Limit": 0},
          constraint("'0'", "limit", "have value greater than or equal to 1"))
    c.val("Scan TotalSegments 1000001", "Scan", {"TableName": SEEDED, "Segment": 0, "TotalSegments": 1000001},
          constraint("'1000001'", "totalSegments", "have value less than or equal to 1000000"))
    c.val("Scan TotalSegments 0", "Scan", {"TableName": SEEDED, "Segment": 0, "TotalSegments": 0},
          constraint("'0'", "totalSegments", "have value greater than or equal to 1"))
    c.val("Scan Segment -1", "Scan", {"TableName": SEEDED, "Segment": -1, "TotalSegments": 4},
          constraint("'-1'", "segment", "have value greater than or equal to 0"))
    c.val("Scan Segment 1000000", "Scan", {"TableName": SEEDED, "Segment": 1000000, "TotalSegments": 1000000},
          constraint("'1000000'", "segment", "have value less than or equal to 999999"))
    c.val("Scan Segment equal to TotalSegments", "Scan", {"TableName": SEEDED, "Segment": 4, "TotalSegments": 4},
          prefix="The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 4 is ")
    c.val("Scan Segment without TotalSegments", "Scan", {"TableName": SEEDED, "Segment": 0},
          "The TotalSegments parameter is required but was not present in the request when Segment parameter is present")
    c.add("Scan segment 999999 of 1000000 is fine", "Scan", {"TableName": SEEDED, "Segment": 999999, "TotalSegments": 1000000},
          status=200)
    c.val("BatchWriteItem of 26 writes", "BatchWriteItem",
          {"RequestItems": {SEEDED: [{"DeleteRequest": {"Key": {"pk": {"S": "k%d" % i}}}} for i in range(26)]}},
          suffix="at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have "
                 "length less than or equal to 25, Member must have length greater than or equal to 1]")
    c.val("BatchGetItem of 101 keys", "BatchGetItem",
          {"RequestItems": {SEEDED: {"Keys": [{"pk": {"S": "k%d" % i}} for i in range(101)]}}},
          suffix="at 'requestItems.%s.member.keys' failed to satisfy constraint: Member must have length less than or "
                 "equal to 100" % SEEDED)
    c.val("BatchGetItem of 101 keys over two tables", "BatchGetItem",
          {"RequestItems": {SEEDED: {"Keys": [{"pk": {"S": "k%d" % i}} for i in range(51)]},
                            SCRATCH: {"Keys": [{"pk": {"S": "k%d" % i}} for i in range(50)]}}},
          "Too many items requested for the BatchGetItem call")
    c.val("TransactWriteItems of 101 actions", "TransactWriteItems",
          {"TransactItems": [{"ConditionCheck": {"TableName": SEEDED, "Key": {"pk": {"S": "k%d" % i}},
                                                 "ConditionExpression": "attribute_exists(pk)"}} for i in range(101)]},
          prefix="1 validation error detected: Value '[",
          suffix="at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100")
    c.val("PutItem item over 400 KB", "PutItem",
          {"TableName": SEEDED, "Item": {"pk": {"S": "item01"}, "big": {"S": "x" * (400 * 1024)}}},
          "Item size has exceeded the maximum allowed size")
    c.val("PutItem 100,000 small attributes", "PutItem",
          {"TableName": SEEDED, "Item": dict({"pk": {"S": "item01"}}, **{"a%d" % i: {"N": "1"} for i in range(100000)})},
          "Item size has exceeded the maximum allowed size")
    c.val("ExpressionAttributeNames of 10,000 unused names", "GetItem",
          {"TableName": SEEDED, "Key": {"pk": {"S": "item01"}}, "ProjectionExpression": "#n0",
           "ExpressionAttributeNames": {"#n%d" % i: "n" for i in range(10000)}},
          prefix="Value provided in ExpressionAttributeNames unused in expressions: keys: {")


# --- duplicate JSON keys --------------------------------------------------------------------------
def add_duplicates(c):
    # Jackson keeps the last value of a repeated member, so the request acts on the last one.
    c.add("duplicate TableName, the last one valid", "DescribeTable",
          b'{"TableName":"bad name!","TableName":"' + SEEDED.encode() + b'"}', status=200)
    c.val("duplicate TableName, the last one invalid", "DescribeTable",
          b'{"TableName":"' + SEEDED.encode() + b'","TableName":"ab"}',
          constraint("'ab'", "tableName", "have length greater than or equal to 3"))
    c.ser("duplicate Limit, the last one a string", "Scan",
          b'{"TableName":"' + SEEDED.encode() + b'","Limit":1,"Limit":"x"}', "STRING_VALUE cannot be converted to Integer")
    c.add("duplicate Limit, the last one valid", "Scan",
          b'{"TableName":"' + SEEDED.encode() + b'","Limit":"x","Limit":1}', status=200)
    c.val("duplicate type in an attribute value, the last one invalid", "PutItem",
          b'{"TableName":"' + SCRATCH.encode() + b'","Item":{"pk":{"S":"dup"},"v":{"N":"1","N":"abc"}}}',
          "The parameter cannot be converted to a numeric value: abc")
    c.add("duplicate attribute name, the last one kept", "PutItem",
          b'{"TableName":"' + SCRATCH.encode() + b'","Item":{"pk":{"S":"dup"},"v":{"S":"first"},"v":{"S":"last"}}}',
          status=200, writes=True)
    c.val("duplicate key attribute, the last one empty", "PutItem",
          b'{"TableName":"' + SCRATCH.encode() + b'","Item":{"pk":{"S":"dup2"},"pk":{"S":""}}}',
          "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
          "an empty string value. Key: pk")


# --- headers: Content-Type, target, authorization ---------------------------------------------------
def add_headers(c):
    for content_type in ("text/plain", "application/x-amz-json-1.1", "application/xml",
                         "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx"):
        c.add("Content-Type " + content_type, "ListTables", b"{}", status=404, type=UNKNOWN_OP,
              headers={"Content-Type": content_type})
    for content_type in ("application/json; charset=utf-8", "application/x-amz-json-1.0; charset=UTF-8",
                         "Application/X-Amz-Json-1.0"):
        c.add("Content-Type " + content_type + " is fine", "ListTables", b"{}", status=200,
              headers={"Content-Type": content_type})
    c.add("X-Amz-Target with a NUL", None, b"{}", type=UNKNOWN_OP,
          headers={"X-Amz-Target": "DynamoDB_20120810.List\x00Tables"})
    c.add("X-Amz-Target of another service", None, b"{}", type=UNKNOWN_OP,
          headers={"X-Amz-Target": "Kinesis_20131202.ListStreams"})
    c.add("X-Amz-Target without an operation", None, b"{}", type=UNKNOWN_OP,
          headers={"X-Amz-Target": "DynamoDB_20120810."})
    c.add("X-Amz-Target of 10 KB", None, b"{}", type=UNKNOWN_OP,
          headers={"X-Amz-Target": "DynamoDB_20120810." + "A" * 10000})
    c.add("no Authorization", "ListTables", b"{}", type=MISSING_AUTH, message="Request is missing Authentication Token",
          headers={"Authorization": None})


def build():
    c = Catalogue()
    add_wrong_types(c)
    add_attribute_values(c)
    add_keys(c)
    add_names(c)
    add_expressions(c)
    add_limits(c)
    add_duplicates(c)
    add_headers(c)
    return c.entries


if __name__ == "__main__":
    for e in build():
        print(e["status"], e["type"], e["name"])
