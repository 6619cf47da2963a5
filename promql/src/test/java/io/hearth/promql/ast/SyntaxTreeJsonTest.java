package io.hearth.promql.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.promql.parser.Parser;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Queries and the JSON Prometheus 3's {@code parse_query} gives for them (members in name order, as
 * Go writes maps, and {@code < > &} escaped as Go's encoder escapes them; single quotes stand for
 * double quotes to keep the table readable).
 */
class SyntaxTreeJsonTest {

    private static final String UP = "{'anchored':false,'matchers':[{'name':'__name__','type':'=','value':'up'}],'name':'up',"
            + "'offset':0,'smoothed':false,'startOrEnd':null,'timestamp':null,'type':'vectorSelector'}";

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("up", UP),
                Arguments.of("1", "{'type':'numberLiteral','val':'1'}"),
                Arguments.of("0.5e3", "{'type':'numberLiteral','val':'500'}"),
                Arguments.of("1e21", "{'type':'numberLiteral','val':'1000000000000000000000'}"),
                Arguments.of("0.000001", "{'type':'numberLiteral','val':'0.000001'}"),
                Arguments.of("Inf", "{'type':'numberLiteral','val':'+Inf'}"),
                Arguments.of("NaN", "{'type':'numberLiteral','val':'NaN'}"),
                Arguments.of("5m", "{'type':'numberLiteral','val':'300'}"),
                Arguments.of("\"a<b&\\\"c\"", "{'type':'stringLiteral','val':'a\\u003cb\\u0026\\'c'}"),
                Arguments.of("(up)", "{'expr':" + UP + ",'type':'parenExpr'}"),
                Arguments.of("-up", "{'expr':" + UP + ",'op':'-','type':'unaryExpr'}"),
                Arguments.of("{__name__=\"up\"}", "{'anchored':false,'matchers':[{'name':'__name__','type':'=','value':'up'}],"
                        + "'name':'','offset':0,'smoothed':false,'startOrEnd':null,'timestamp':null,'type':'vectorSelector'}"),
                Arguments.of("up offset 5m @ 100", "{'anchored':false,'matchers':[{'name':'__name__','type':'=','value':'up'}],"
                        + "'name':'up','offset':300000,'smoothed':false,'startOrEnd':null,'timestamp':100000,'type':'vectorSelector'}"),
                Arguments.of("up[1h] @ end()", "{'anchored':false,'matchers':[{'name':'__name__','type':'=','value':'up'}],"
                        + "'name':'up','offset':0,'range':3600000,'smoothed':false,'startOrEnd':'end','timestamp':null,"
                        + "'type':'matrixSelector'}"),
                Arguments.of("up[10m:1m] @ start() offset -1m", "{'expr':" + UP + ",'offset':-60000,'range':600000,"
                        + "'startOrEnd':'start','step':60000,'timestamp':null,'type':'subquery'}"),
                Arguments.of("up[10m:]", "{'expr':" + UP + ",'offset':0,'range':600000,'startOrEnd':null,'step':0,"
                        + "'timestamp':null,'type':'subquery'}"),
                Arguments.of("topk by (job) (3, up)", "{'expr':" + UP + ",'grouping':['job'],'op':'topk',"
                        + "'param':{'type':'numberLiteral','val':'3'},'type':'aggregation','without':false}"),
                Arguments.of("sum without () (up)", "{'expr':" + UP + ",'grouping':[],'op':'sum','param':null,"
                        + "'type':'aggregation','without':true}"),
                Arguments.of("1 + 2", "{'bool':false,'lhs':{'type':'numberLiteral','val':'1'},'matching':null,'op':'+',"
                        + "'rhs':{'type':'numberLiteral','val':'2'},'type':'binaryExpr'}"),
                Arguments.of("up > bool 1", "{'bool':true,'lhs':" + UP + ",'matching':null,'op':'\\u003e',"
                        + "'rhs':{'type':'numberLiteral','val':'1'},'type':'binaryExpr'}"),
                Arguments.of("up / on(job) group_left(team) up", "{'bool':false,'lhs':" + UP + ",'matching':{'card':'many-to-one',"
                        + "'fillValues':{'lhs':null,'rhs':null},'include':['team'],'labels':['job'],'on':true},'op':'/',"
                        + "'rhs':" + UP + ",'type':'binaryExpr'}"),
                Arguments.of("up and up", "{'bool':false,'lhs':" + UP + ",'matching':{'card':'many-to-many',"
                        + "'fillValues':{'lhs':null,'rhs':null},'include':[],'labels':[],'on':false},'op':'and',"
                        + "'rhs':" + UP + ",'type':'binaryExpr'}"),
                Arguments.of("rate(up[5m])", "{'args':[{'anchored':false,'matchers':[{'name':'__name__','type':'=','value':'up'}],"
                        + "'name':'up','offset':0,'range':300000,'smoothed':false,'startOrEnd':null,'timestamp':null,"
                        + "'type':'matrixSelector'}],'func':{'argTypes':['matrix'],'name':'rate','returnType':'vector',"
                        + "'variadic':0},'type':'call'}"),
                Arguments.of("time()", "{'args':[],'func':{'argTypes':[],'name':'time','returnType':'scalar','variadic':0},"
                        + "'type':'call'}"),
                Arguments.of("label_join(up, \"a\", \",\", \"b\")", "{'args':[" + UP + ",{'type':'stringLiteral','val':'a'},"
                        + "{'type':'stringLiteral','val':','},{'type':'stringLiteral','val':'b'}],'func':{'argTypes':"
                        + "['vector','string','string','string'],'name':'label_join','returnType':'vector','variadic':-1},"
                        + "'type':'call'}"));
    }

    @ParameterizedTest
    @MethodSource("table")
    void rendersAsPrometheusDoes(String query, String json) throws Exception {
        assertEquals(json.replace('\'', '"'), SyntaxTreeJson.render(Parser.parse(query)), query);
    }
}
