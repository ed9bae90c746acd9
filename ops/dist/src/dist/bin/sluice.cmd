@echo off
rem The sluice command line of this distribution on Windows: bin\sluice.cmd COMMAND [OPTIONS...]
rem   JAVA_HOME         the Java 17+ runtime to run on (else the java on PATH)
rem   SLUICE_JAVA_OPTS  JVM flags, e.g. -Xmx4g
rem An older Java refuses to start it with UnsupportedClassVersionError (class file version 61 is Java 17).
setlocal
for %%I in ("%~dp0..") do set "SLUICE_HOME=%%~fI"
if defined JAVA_HOME (set "JAVA=%JAVA_HOME%\bin\java.exe") else (set "JAVA=java")
"%JAVA%" %SLUICE_JAVA_OPTS% "-Dsluice.home=%SLUICE_HOME%" -cp "%SLUICE_HOME%\lib\*" dev.sluice.cli.SluiceCli %*
exit /b %ERRORLEVEL%
