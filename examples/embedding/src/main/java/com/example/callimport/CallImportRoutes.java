package com.example.callimport;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The application's own routes: PBX export files (or lines sent to {@code direct:call-lines} by other parts of
 * the application) → bufferhub's parsers and alert rules → bufferhub's jdbc-sink Kamelet into {@code call_log}.
 */
@Component
public class CallImportRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // files are moved to .camel/ when stored, or left for the next poll when storing fails
        from("file:{{callimport.inbox}}?recursive=true&antInclude=**/*.txt")
                .routeId("call-import-files")
                .setHeader(CallLines.SOURCE, header("CamelFileName"))
                .setHeader(CallLines.CHANNEL, method(CallLines.class, "channelOf"))
                .to("direct:call-lines");

        from("direct:call-lines")
                .routeId("call-import")
                .bean("callLines", "records")
                .filter(simple("${body.size()} > 0"))
                // the statement is an upsert keyed by source and lineNo: a file read twice changes nothing
                .to("kamelet:jdbc-sink?dataSource=dataSource&statement=RAW({{callimport.statement}})")
                .log("stored ${body.size()} lines of ${header.CallSource}");
    }
}
