# dynemu_find_pytest(<python> <out-var>): makes real pytest importable by <python> (the python3 that
# runs the client tests, with boto3: a pyenv one here) and sets <out-var> to the PYTHONPATH it then
# needs ("" when it imports pytest by itself), or to NOTFOUND.
# Debian's python3-pytest is pure Python and lives in /usr/lib/python3/dist-packages, which another
# interpreter does not search. Putting all of dist-packages on PYTHONPATH would shadow that
# interpreter's own packages (boto3's urllib3, six, ...), so a folder in the build tree gets links
# to just the packages pytest needs that the interpreter lacks.
function(dynemu_find_pytest python out)
  execute_process(COMMAND ${python} -c "import pytest" RESULT_VARIABLE missing OUTPUT_QUIET ERROR_QUIET)
  if(NOT missing)
    set(${out} "" PARENT_SCOPE)
    return()
  endif()
  set(${out} NOTFOUND PARENT_SCOPE)
  find_program(_dynemu_system_python python3 PATHS /usr/bin NO_DEFAULT_PATH)
  if(NOT _dynemu_system_python)
    return()
  endif()
  execute_process(
    COMMAND ${_dynemu_system_python} -c "import os, pytest; print(os.path.dirname(os.path.dirname(pytest.__file__)))"
    RESULT_VARIABLE failed OUTPUT_VARIABLE packages OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(failed)
    return()
  endif()
  set(links ${CMAKE_BINARY_DIR}/pytest-packages)
  file(REMOVE_RECURSE ${links})
  file(MAKE_DIRECTORY ${links})
  # pytest 7's own modules and its requirements (exceptiongroup and tomli only before Python 3.11).
  foreach(name pytest _pytest pluggy iniconfig packaging py attr attrs exceptiongroup tomli)
    execute_process(COMMAND ${python} -c "import ${name}" RESULT_VARIABLE lacks OUTPUT_QUIET ERROR_QUIET)
    if(NOT lacks)
      continue()
    endif()
    foreach(entry ${name} ${name}.py)
      if(EXISTS ${packages}/${entry})
        file(CREATE_LINK ${packages}/${entry} ${links}/${entry} SYMBOLIC)
      endif()
    endforeach()
  endforeach()
  execute_process(COMMAND ${CMAKE_COMMAND} -E env PYTHONPATH=${links} ${python} -c "import pytest"
                  RESULT_VARIABLE still_missing OUTPUT_QUIET ERROR_QUIET)
  if(NOT still_missing)
    set(${out} ${links} PARENT_SCOPE)
  endif()
endfunction()
