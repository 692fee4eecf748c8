"""boto3 runs PartiQL: execute_statement (with its paginator-free NextToken loop),
batch_execute_statement and execute_transaction, and their errors as botocore parses them."""

import unittest

from botocore.exceptions import ClientError

from boto3_support import client, require_endpoint, unique


def setUpModule():
    require_endpoint()


class Boto3Partiql(unittest.TestCase):
    def setUp(self):
        self.ddb = client()
        self.table = unique("Boto3Partiql")
        self.ddb.create_table(TableName=self.table, BillingMode="PAY_PER_REQUEST",
                              AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                                    {"AttributeName": "sk", "AttributeType": "N"}],
                              KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                         {"AttributeName": "sk", "KeyType": "RANGE"}])
        self.t = f'"{self.table}"'
        for sk in range(10):
            self.ddb.execute_statement(Statement=f"INSERT INTO {self.t} VALUE {{'pk': ?, 'sk': ?, 'n': ?}}",
                                       Parameters=[{"S": "p"}, {"N": str(sk)}, {"N": str(sk * 1.5)}])

    def test_select_pages_with_next_token(self):
        items, token, pages = [], None, 0
        while True:
            kwargs = {"Statement": f"SELECT sk FROM {self.t} WHERE pk = ? AND sk BETWEEN ? AND ?",
                      "Parameters": [{"S": "p"}, {"N": "2"}, {"N": "8"}], "Limit": 3}
            if token:
                kwargs["NextToken"] = token
            page = self.ddb.execute_statement(**kwargs)
            items += [int(i["sk"]["N"]) for i in page["Items"]]
            pages += 1
            token = page.get("NextToken")
            if not token:
                break
        self.assertEqual(items, list(range(2, 9)))
        self.assertEqual(pages, 3)

    def test_exact_decimals_and_conditions(self):
        r = self.ddb.execute_statement(
            Statement=f"UPDATE {self.t} SET n = n + ? WHERE pk = 'p' AND sk = 3 RETURNING ALL NEW *",
            Parameters=[{"N": "0.000000000000000000000000000000000001"}])
        self.assertEqual(r["Items"][0]["n"], {"N": "4.500000000000000000000000000000000001"})
        with self.assertRaises(ClientError) as e:
            self.ddb.execute_statement(Statement=f"DELETE FROM {self.t} WHERE pk = 'p' AND sk = 3 AND n = 0",
                                       ReturnValuesOnConditionCheckFailure="ALL_OLD")
        self.assertEqual(e.exception.response["Error"]["Code"], "ConditionalCheckFailedException")
        self.assertEqual(e.exception.response["Item"]["sk"], {"N": "3"})
        with self.assertRaises(self.ddb.exceptions.DuplicateItemException):
            self.ddb.execute_statement(Statement=f"INSERT INTO {self.t} VALUE {{'pk': 'p', 'sk': 1}}")
        with self.assertRaises(ClientError) as e:
            self.ddb.execute_statement(Statement="SELECT * FROM \"NoSuchTable\" WHERE pk = 'p'")
        self.assertEqual(e.exception.response["Error"]["Code"], "ResourceNotFoundException")

    def test_batch_and_transaction(self):
        r = self.ddb.batch_execute_statement(Statements=[
            {"Statement": f"SELECT n FROM {self.t} WHERE pk = 'p' AND sk = 4"},
            {"Statement": f"SELECT n FROM {self.t} WHERE pk = 'p'"},
        ])
        self.assertEqual(r["Responses"][0]["Item"], {"n": {"N": "6"}})
        self.assertEqual(r["Responses"][1]["Error"]["Code"], "ValidationError")
        with self.assertRaises(self.ddb.exceptions.TransactionCanceledException) as e:
            self.ddb.execute_transaction(TransactStatements=[
                {"Statement": f"DELETE FROM {self.t} WHERE pk = 'p' AND sk = 1"},
                {"Statement": f"EXISTS(SELECT * FROM {self.t} WHERE pk = 'p' AND sk = 2 AND n = 100)"},
            ])
        reasons = e.exception.response["CancellationReasons"]
        self.assertEqual([x["Code"] for x in reasons], ["None", "ConditionalCheckFailed"])
        self.ddb.execute_transaction(TransactStatements=[
            {"Statement": f"DELETE FROM {self.t} WHERE pk = 'p' AND sk = 1"},
            {"Statement": f"EXISTS(SELECT * FROM {self.t} WHERE pk = 'p' AND sk = 2 AND n = 3)"},
        ], ClientRequestToken="boto3-partiql-token")
        r = self.ddb.execute_statement(Statement=f"SELECT * FROM {self.t} WHERE pk = 'p' AND sk = 1")
        self.assertEqual(r["Items"], [])


if __name__ == "__main__":
    unittest.main()
